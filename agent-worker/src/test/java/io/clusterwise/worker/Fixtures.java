package io.clusterwise.worker;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ClusterEvent.ContainerFacts;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;

import io.clusterwise.contracts.Topic;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Realistic cluster events, shaped as ingest publishes them, with Kubernetes' own message texts (kubelet, scheduler,
 * node controller); the greeter ones follow /work/shared/samples/crashloop-greeter.json, and status records carry
 * container facts and the message shape of ingest's PodStatusNormalizer.
 */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    public static final String GREETER_POD_UID = "5cda4217-829e-50d4-4539-3e3b04424452";
    public static final ObjectRef GREETER_POD = new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9",
            GREETER_POD_UID);
    public static final List<ObjectRef> GREETER_OWNERS = List.of(
            new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d", "c3cb308a-d70e-cba7-b289-a0a7da603975"),
            new ObjectRef("Deployment", "demo", "greeter", "54bec999-9083-1a3b-b8f3-8875c142cbde"));
    public static final ObjectRef COREDNS_POD = new ObjectRef("Pod", "kube-system", "coredns-795c02f480-x8k2p",
            "a1f0e6b2-3c4d-4e5f-8a9b-0c1d2e3f4a5b");
    public static final String BACKOFF_MESSAGE = "Back-off restarting failed container greeter in pod "
            + "greeter-8f2588814d-a31b9_demo(5cda4217-829e-50d4-4539-3e3b04424452)";

    /** The greeter's last lines before it exited with code 2, as ingest publishes them on cluster.logs. */
    public static final List<String> GREETER_LOG = List.of(
            "2026-11-20T09:04:50.912Z INFO  greeter starting on :8080",
            "2026-11-20T09:04:51.007Z ERROR config: required key GREETING_TEMPLATE missing",
            "2026-11-20T09:04:51.008Z FATAL exiting: invalid configuration");

    private Fixtures() {
    }

    /** A container's previous run's last lines, read by ingest after its termination with {@code exitCode}. */
    public static ContainerLog containerLog(ObjectRef pod, String container, int restartCount, int exitCode,
                                            Instant readAt, List<String> lines) {
        return new ContainerLog(pod, container, restartCount, "Error", exitCode, lines, false, readAt);
    }

    public static ContainerLog greeterLog(int restartCount, Instant readAt) {
        return containerLog(GREETER_POD, "greeter", restartCount, 2, readAt, GREETER_LOG);
    }

    /** A running container that passes its readiness probe. */
    public static ContainerFacts ready(String name, int restarts) {
        return new ContainerFacts(name, null, null, null, null, restarts, true);
    }

    /** A container that waits with {@code waitingReason} and never terminated. */
    public static ContainerFacts waiting(String name, String waitingReason, int restarts) {
        return new ContainerFacts(name, waitingReason, null, null, null, restarts, false);
    }

    /** A container, not ready, waiting (or running when {@code waitingReason} is null) after a termination. */
    public static ContainerFacts terminated(String name, String waitingReason, String reason, int exitCode,
                                            Instant finishedAt, int restarts) {
        return new ContainerFacts(name, waitingReason, reason, exitCode, finishedAt, restarts, false);
    }

    public static ClusterEvent event(String uid, ObjectRef object, List<ObjectRef> owners, String reason,
                                     String message, EventType type, int count, Instant first, Instant last,
                                     String component) {
        return new ClusterEvent(uid, ClusterEvent.Origin.EVENT, object, owners, reason, message, type, count, first,
                last, component, "50040", null);
    }

    /** A container status record; like ingest, its count is the restart count (at least 1). */
    public static ClusterEvent status(ObjectRef pod, List<ObjectRef> owners, ContainerFacts container, String reason,
                                      String message, EventType type, Instant first, Instant last) {
        return new ClusterEvent("pod-status/" + pod.uid() + "/" + container.name(), ClusterEvent.Origin.POD_STATUS,
                pod, owners, reason, message, type, Math.max(1, container.restartCount()), first, last,
                "clusterwise-ingest", "48213", container);
    }

    public static ClusterEvent greeterBackOff(int count, Instant last) {
        return event("ac762497-7803-86a4-f611-2bc6efecf0ca", GREETER_POD, GREETER_OWNERS, "BackOff", BACKOFF_MESSAGE,
                EventType.Warning, count, T0.plusSeconds(40), last, "kubelet");
    }

    public static ClusterEvent greeterCrashLoopStatus(Instant last) {
        return status(GREETER_POD, GREETER_OWNERS,
                terminated("greeter", "CrashLoopBackOff", "Error", 2, Instant.parse("2026-11-20T09:04:51Z"), 9),
                "CrashLoopBackOff",
                "container greeter is waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=greeter "
                        + "pod=greeter-8f2588814d-a31b9_demo(5cda4217-829e-50d4-4539-3e3b04424452)); last terminated: "
                        + "Error, exit code 2 at 2026-11-20T09:04:51Z; restarts: 9",
                EventType.Warning, T0.plusSeconds(3), last);
    }

    public static ClusterEvent greeterReady(Instant at) {
        return status(GREETER_POD, GREETER_OWNERS, ready("greeter", 10), "ContainerReady",
                "container greeter is ready; restarts: 10", EventType.Normal, at, at);
    }

    /** The pod's normal lifecycle: scheduled, pulled, created, started. */
    public static List<ClusterEvent> greeterLifecycle() {
        return List.of(
                event("20fa4471-c140-0976-3dc5-ee8f78c4b098", GREETER_POD, GREETER_OWNERS, "Scheduled",
                        "Successfully assigned demo/greeter-8f2588814d-a31b9 to worker-1", EventType.Normal, 1, T0,
                        T0, "default-scheduler"),
                event("c71e7891-76c0-8941-c130-c3eab18e9364", GREETER_POD, GREETER_OWNERS, "Pulled",
                        "Container image \"ghcr.io/example/greeter:0a1b2c3\" already present on machine",
                        EventType.Normal, 3, T0.plusSeconds(1), T0.plusSeconds(200), "kubelet"),
                event("eebfd414-06e0-1486-7041-efae8f51f351", GREETER_POD, GREETER_OWNERS, "Created",
                        "Created container: greeter", EventType.Normal, 3, T0.plusSeconds(1), T0.plusSeconds(200),
                        "kubelet"),
                event("0d4c0014-17e9-592c-8883-aac254efcd2f", GREETER_POD, GREETER_OWNERS, "Started",
                        "Started container greeter", EventType.Normal, 3, T0.plusSeconds(1), T0.plusSeconds(200),
                        "kubelet"));
    }

    /** The crash-looping greeter as the window holds it after an hour: lifecycle, BackOff, CrashLoopBackOff status. */
    public static List<ClusterEvent> crashLoopingGreeter() {
        List<ClusterEvent> all = new java.util.ArrayList<>(greeterLifecycle());
        all.add(greeterBackOff(9, T0.plus(Duration.ofMinutes(58)).plusSeconds(20)));
        all.add(greeterCrashLoopStatus(T0.plus(Duration.ofMinutes(58)).plusSeconds(21)));
        return all;
    }

    /**
     * The events as an ingest whose caches knew only part of the owner chain publishes them (e.g. the pod's
     * ReplicaSet, not yet its Deployment).
     */
    public static List<ClusterEvent> withOwners(List<ClusterEvent> events, List<ObjectRef> owners) {
        return events.stream().map(e -> new ClusterEvent(e.eventUid(), e.origin(), e.involvedObject(), owners,
                e.reason(), e.message(), e.type(), e.count(), e.firstSeen(), e.lastSeen(), e.reportingComponent(),
                e.resourceVersion(), e.container())).toList();
    }

    /** Healthy CoreDNS around it. */
    public static List<ClusterEvent> healthyCoreDns() {
        return List.of(
                event("7b1c2d3e-0001-4a5b-9c8d-1e2f3a4b5c6d", COREDNS_POD, List.of(), "Started",
                        "Started container coredns", EventType.Normal, 1, T0.minusSeconds(3000),
                        T0.minusSeconds(3000), "kubelet"),
                status(COREDNS_POD, List.of(), ready("coredns", 0), "ContainerReady",
                        "container coredns is ready; restarts: 0", EventType.Normal, T0.minusSeconds(2990),
                        T0.minusSeconds(2990)));
    }

    /**
     * Waits until the workers' question listeners hold every partition of {@code agent.questions} between them, so
     * a question sent from then on is read (the group starts reading at the end).
     */
    public static void awaitQuestionsAssigned(ConfigurableApplicationContext... workers) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> java.util.Arrays.stream(workers)
                .flatMap(c -> c.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().stream())
                .mapToInt(c -> c.getAssignedPartitions() == null ? 0 : c.getAssignedPartitions().size())
                .sum() == Topic.AGENT_QUESTIONS.partitions());
    }
}
