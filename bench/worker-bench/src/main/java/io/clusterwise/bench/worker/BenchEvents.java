package io.clusterwise.bench.worker;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;

import java.time.Instant;
import java.util.List;

/**
 * A synthetic but realistically shaped cluster: pods of Deployments across namespaces, each with kubelet's lifecycle
 * Events, some crash-looping (BackOff storms, CrashLoopBackOff status records), some failing probes. Event {@code i}
 * is deterministic, so every run sees the same mix.
 */
final class BenchEvents {

    static final int NAMESPACES = 10;
    static final int DEPLOYMENTS_PER_NAMESPACE = 20;
    static final int PODS_PER_DEPLOYMENT = 10;
    private static final int PODS = NAMESPACES * DEPLOYMENTS_PER_NAMESPACE * PODS_PER_DEPLOYMENT;

    private final Instant start;

    BenchEvents(Instant start) {
        this.start = start;
    }

    ClusterEvent event(int i) {
        int podIndex = i % PODS;
        int deployment = podIndex / PODS_PER_DEPLOYMENT;
        String ns = "team-" + (deployment / DEPLOYMENTS_PER_NAMESPACE);
        String app = "svc-" + deployment;
        String rs = app + "-7f9c8d6b5";
        String podName = rs + "-" + Integer.toString(36 * 36 * 36 * 36 + podIndex * 7919, 36).substring(0, 5);
        ObjectRef pod = new ObjectRef("Pod", ns, podName, "pod-uid-" + podIndex);
        List<ObjectRef> owners = List.of(new ObjectRef("ReplicaSet", ns, rs, "rs-uid-" + deployment),
                new ObjectRef("Deployment", ns, app, "d-uid-" + deployment));
        Instant at = start.plusMillis(i * 7L);
        boolean crashing = deployment % 10 == 3;
        boolean probing = deployment % 10 == 7;
        int kind = (i / PODS) % 6;
        if (crashing && kind >= 3) {
            return new ClusterEvent("ev-" + i, ClusterEvent.Origin.EVENT, pod, owners, "BackOff",
                    "Back-off restarting failed container app in pod " + podName + "_" + ns + "(" + pod.uid() + ")",
                    EventType.Warning, 1 + i % 40, at.minusSeconds(600), at, "kubelet", Integer.toString(i), null);
        }
        if (crashing && kind == 2) {
            return new ClusterEvent("pod-status/" + pod.uid() + "/app", ClusterEvent.Origin.POD_STATUS, pod, owners,
                    "CrashLoopBackOff", "container app is waiting: CrashLoopBackOff; last terminated: Error, exit "
                    + "code 1; restarts: " + (i % 50), EventType.Warning, 1 + i % 50, at.minusSeconds(900), at,
                    "clusterwise-ingest", Integer.toString(i), new ClusterEvent.ContainerFacts("app",
                    "CrashLoopBackOff", "Error", 1, at, 1 + i % 50, false));
        }
        if (probing && kind >= 3) {
            return new ClusterEvent("ev-" + i, ClusterEvent.Origin.EVENT, pod, owners, "Unhealthy",
                    "Readiness probe failed: HTTP probe failed with statuscode: 503", EventType.Warning, 1 + i % 9,
                    at.minusSeconds(300), at, "kubelet", Integer.toString(i), null);
        }
        String[] reasons = {"Scheduled", "Pulled", "Created", "Started", "Pulled", "Started"};
        String[] messages = {"Successfully assigned " + ns + "/" + podName + " to worker-" + (podIndex % 5),
                "Container image \"ghcr.io/example/" + app + ":1.2.3\" already present on machine",
                "Created container: app", "Started container app",
                "Container image \"ghcr.io/example/" + app + ":1.2.3\" already present on machine",
                "Started container app"};
        return new ClusterEvent("ev-" + i, ClusterEvent.Origin.EVENT, pod, owners, reasons[kind], messages[kind],
                EventType.Normal, 1, at, at, kind == 0 ? "default-scheduler" : "kubelet", Integer.toString(i), null);
    }
}
