package io.clusterwise.bench.ingest;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;

import java.time.Instant;

/**
 * A synthetic but realistically shaped event stream, as the Event informer delivers it: kubelet lifecycle Events of
 * pods across namespaces, BackOff storms of crash-looping pods, failing probes, and image pulls whose message leaks
 * credentials (so the redactor has work). Event {@code i} is deterministic, so every run sees the same mix.
 */
final class BenchObjects {

    private static final int PODS = 2_000;
    private final Instant start;

    BenchObjects(Instant start) {
        this.start = start;
    }

    Event event(int i) {
        int pod = i % PODS;
        String ns = "team-" + (pod % 10);
        String name = "svc-" + (pod / 10) + "-7f9c8d6b5-" + Integer.toString(46_656 + pod * 7, 36);
        Instant at = start.plusMillis(i * 7L);
        String reason;
        String message;
        String type = "Normal";
        switch (i % 8) {
            case 0, 1, 2 -> {
                reason = "BackOff";
                type = "Warning";
                message = "Back-off restarting failed container app in pod " + name + "_" + ns + "(pod-uid-" + pod + ")";
            }
            case 3 -> {
                reason = "Unhealthy";
                type = "Warning";
                message = "Readiness probe failed: Get \"http://10.244.1." + (pod % 250) + ":8080/ready\": "
                        + "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
            }
            case 4 -> {
                reason = "Failed";
                type = "Warning";
                message = "Failed to pull image \"registry.example.com/app:1.2\": pull access denied, "
                        + "https://deploy:gh0-s3cret-" + i + "@registry.example.com/v2/ returned 401; "
                        + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXBsb3kifQ.c2lnbmF0dXJl";
            }
            case 5 -> {
                reason = "Pulled";
                message = "Successfully pulled image \"registry.example.com/app:1.2\" in 1.204s (1.204s including "
                        + "waiting). Image size: 48213456 bytes.";
            }
            case 6 -> {
                reason = "Scheduled";
                message = "Successfully assigned " + ns + "/" + name + " to worker-" + (pod % 5);
            }
            default -> {
                reason = "Started";
                message = "Started container app";
            }
        }
        return new EventBuilder()
                .withNewMetadata().withName(name + "." + Long.toHexString(0x17a0000000L + i)).withNamespace(ns)
                .withUid("event-uid-" + i).withResourceVersion(Integer.toString(1_000 + i))
                .withCreationTimestamp(at.toString()).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace(ns).withName(name).withUid("pod-uid-" + pod)
                .withApiVersion("v1").withFieldPath("spec.containers{app}").endInvolvedObject()
                .withReason(reason).withMessage(message).withType(type).withCount(1 + i % 40)
                .withFirstTimestamp(at.minusSeconds(600).toString()).withLastTimestamp(at.toString())
                .withNewSource().withComponent("kubelet").withHost("worker-" + (pod % 5)).endSource()
                .withReportingComponent("kubelet").withReportingInstance("worker-" + (pod % 5))
                .build();
    }
}
