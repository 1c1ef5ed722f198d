package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;

/**
 * One normalized, redacted fact about the cluster, on {@code cluster.events}, keyed by the involved object's UID.
 * A Kubernetes Event whose count goes up is published again with the same {@code eventUid}: readers replace, not add.
 * <p>
 * The {@code message} is for people (and the model): readers must not parse facts out of a POD_STATUS record's
 * message, they are in {@link #container()}. Only Kubernetes' own Event messages (kubelet, scheduler, …) have no
 * structured counterpart.
 *
 * @param eventUid           the Event's UID, or {@code pod-status/<podUid>/<container>} for a container status
 *                           ({@code pod-status/<podUid>/scheduling} for the pod's scheduling)
 * @param origin             whether this came from an Event object or from an object's status
 * @param involvedObject     the object the fact is about
 * @param owners             the owner chain, nearest first, where known (e.g. ReplicaSet then Deployment)
 * @param reason             Kubernetes' reason, e.g. {@code BackOff}, {@code CrashLoopBackOff}, {@code OOMKilled}
 * @param message            the redacted message, human-readable
 * @param type               Normal or Warning
 * @param count              how many times it happened
 * @param firstSeen          first occurrence
 * @param lastSeen           last occurrence
 * @param reportingComponent who reported it (e.g. {@code kubelet}); the ingest itself for status facts
 * @param resourceVersion    the source object's resourceVersion, for de-duplication
 * @param container          the container status this fact was read from: set on every container record of origin
 *                           POD_STATUS (problems and recoveries); {@code null} (absent in JSON) for origin EVENT, for
 *                           the pod's scheduling record, and on records from an ingest older than this field
 */
public record ClusterEvent(String eventUid, Origin origin, ObjectRef involvedObject, List<ObjectRef> owners,
                           String reason, String message, EventType type, int count, Instant firstSeen,
                           Instant lastSeen, String reportingComponent, String resourceVersion,
                           ContainerFacts container) implements Payload {

    public enum Origin { EVENT, POD_STATUS }

    /**
     * A container's status as Kubernetes reports it ({@code pod.status.containerStatuses[]} or
     * {@code initContainerStatuses[]}), reduced to what diagnoses need. Reasons are Kubernetes' own identifiers.
     *
     * @param name                  the container's name
     * @param waitingReason         {@code state.waiting.reason} when the container is waiting (e.g.
     *                              {@code CrashLoopBackOff}, {@code ImagePullBackOff}), else {@code null}
     * @param lastTerminationReason the reason of the container's most recent termination (e.g. {@code Error},
     *                              {@code OOMKilled}, {@code Completed}): {@code state.terminated} when it is
     *                              terminated now, else {@code lastState.terminated}; {@code null} when it never
     *                              terminated or Kubernetes gave no reason
     * @param lastExitCode          that termination's exit code, e.g. {@code 137}; {@code null} when it never
     *                              terminated
     * @param lastFinishedAt        when that termination happened, where known
     * @param restartCount          {@code restartCount}
     * @param ready                 {@code ready}
     */
    public record ContainerFacts(String name, String waitingReason, String lastTerminationReason,
                                 Integer lastExitCode, Instant lastFinishedAt, int restartCount, boolean ready) {
    }

    public ClusterEvent {
        owners = owners == null ? List.of() : List.copyOf(owners);
    }

    public boolean isWarning() {
        return type == EventType.Warning;
    }

    /** This event with another message, e.g. the redacted one. */
    public ClusterEvent withMessage(String newMessage) {
        return new ClusterEvent(eventUid, origin, involvedObject, owners, reason, newMessage, type, count, firstSeen,
                lastSeen, reportingComponent, resourceVersion, container);
    }

    /** This event with another first occurrence, e.g. the one first published for an ongoing problem. */
    public ClusterEvent withFirstSeen(Instant newFirstSeen) {
        return new ClusterEvent(eventUid, origin, involvedObject, owners, reason, message, type, count, newFirstSeen,
                lastSeen, reportingComponent, resourceVersion, container);
    }
}
