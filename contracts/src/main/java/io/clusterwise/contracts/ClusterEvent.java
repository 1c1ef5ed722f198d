package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;

/**
 * One normalized, redacted fact about the cluster, on {@code cluster.events}, keyed by the involved object's UID.
 * A Kubernetes Event whose count goes up is published again with the same {@code eventUid}: readers replace, not add.
 *
 * @param eventUid           the Event's UID, or {@code pod-status/<podUid>/<container>} for a container status
 * @param origin             whether this came from an Event object or from an object's status
 * @param involvedObject     the object the fact is about
 * @param owners             the owner chain, nearest first, where known (e.g. ReplicaSet then Deployment)
 * @param reason             Kubernetes' reason, e.g. {@code BackOff}, {@code CrashLoopBackOff}, {@code OOMKilled}
 * @param message            the redacted message
 * @param type               Normal or Warning
 * @param count              how many times it happened
 * @param firstSeen          first occurrence
 * @param lastSeen           last occurrence
 * @param reportingComponent who reported it (e.g. {@code kubelet}); the ingest itself for status facts
 * @param resourceVersion    the source object's resourceVersion, for de-duplication
 */
public record ClusterEvent(String eventUid, Origin origin, ObjectRef involvedObject, List<ObjectRef> owners,
                           String reason, String message, EventType type, int count, Instant firstSeen,
                           Instant lastSeen, String reportingComponent, String resourceVersion) implements Payload {

    public enum Origin { EVENT, POD_STATUS }

    public ClusterEvent {
        owners = owners == null ? List.of() : List.copyOf(owners);
    }

    public boolean isWarning() {
        return type == EventType.Warning;
    }
}
