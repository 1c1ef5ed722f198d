package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Pod's status as {@link ClusterEvent}s (origin POD_STATUS), one per container and one for scheduling. Pure: the
 * current time comes in as an argument, and it returns every current fact, problems (Warning) and healthy states
 * (Normal); {@link PodStatusMemory} decides which of them are news. Messages are not yet redacted. Every container
 * record carries the container's facts in {@link ClusterEvent#container()} (readers use those, not the message,
 * which is for people); the scheduling record has none.
 * <ul>
 *   <li>A container is a problem when it is not ready and it is waiting with a reason other than
 *       {@code ContainerCreating}/{@code PodInitializing} (e.g. CrashLoopBackOff, ImagePullBackOff,
 *       CreateContainerConfigError), or its most recent termination was abnormal (non-zero exit code, OOMKilled,
 *       Error): the current one when it is terminated now, else the last one. The reason is the waiting reason;
 *       without one, the termination's (e.g. OOMKilled); the message keeps both.</li>
 *   <li>A ready container is healthy: {@value #CONTAINER_READY}; so is one that completed with exit code 0 when it
 *       is an init container or its pod has Succeeded (a Job that succeeded after earlier failures).</li>
 *   <li>A Pending pod whose PodScheduled condition is False is a problem (usually Unschedulable, with the
 *       scheduler's message), unless the reason is SchedulingGated (held back on purpose by scheduling gates);
 *       PodScheduled True is healthy: {@value #SCHEDULED}.</li>
 *   <li>A pod that is being deleted reports nothing: its containers are killed on purpose.</li>
 * </ul>
 */
final class PodStatusNormalizer {

    static final String REPORTING_COMPONENT = "clusterwise-ingest";
    static final String CONTAINER_READY = "ContainerReady";
    static final String SCHEDULED = "Scheduled";
    static final String SCHEDULING = "scheduling";

    private static final Set<String> BENIGN_WAITING = Set.of("ContainerCreating", "PodInitializing");
    private static final String SCHEDULING_GATED = "SchedulingGated";
    private static final Set<String> ABNORMAL_TERMINATION = Set.of("OOMKilled", "Error");

    List<ClusterEvent> normalize(Pod pod, Instant now) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return List.of();
        }
        Facts facts = new Facts(pod, now);
        List<ClusterEvent> result = new ArrayList<>();
        scheduling(pod, facts).ifPresent(result::add);
        statuses(pod.getStatus().getInitContainerStatuses())
                .forEach(status -> container(status, true, facts).ifPresent(result::add));
        statuses(pod.getStatus().getContainerStatuses())
                .forEach(status -> container(status, false, facts).ifPresent(result::add));
        return result;
    }

    static String eventUid(String podUid, String part) {
        return "pod-status/" + podUid + "/" + part;
    }

    private static Optional<ClusterEvent> scheduling(Pod pod, Facts facts) {
        PodCondition scheduled = conditions(pod).stream()
                .filter(c -> "PodScheduled".equals(c.getType()))
                .findFirst().orElse(null);
        if (scheduled == null) {
            return Optional.empty();
        }
        Instant at = KubeTime.firstOf(KubeTime.parse(scheduled.getLastTransitionTime()),
                KubeTime.parse(scheduled.getLastProbeTime()), facts.now);
        if ("True".equals(scheduled.getStatus())) {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            return Optional.of(facts.fact(SCHEDULING, SCHEDULED,
                    "pod is scheduled" + (node == null ? "" : " to node " + node), EventType.Normal, 1, at, at, null));
        }
        // SchedulingGated: held back on purpose by its scheduling gates (e.g. a job queued by Kueue), not a problem
        if ("False".equals(scheduled.getStatus()) && "Pending".equals(pod.getStatus().getPhase())
                && !SCHEDULING_GATED.equals(scheduled.getReason())) {
            return Optional.of(facts.fact(SCHEDULING, orElse(scheduled.getReason(), "Unschedulable"),
                    orElse(scheduled.getMessage(), "pod cannot be scheduled"), EventType.Warning, 1, at, at, null));
        }
        return Optional.empty();
    }

    private static Optional<ClusterEvent> container(ContainerStatus status, boolean init, Facts facts) {
        ContainerState state = status.getState() == null ? new ContainerState() : status.getState();
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        String what = (init ? "init container " : "container ") + status.getName();
        int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
        Instant lastSeen = KubeTime.firstOf(KubeTime.latest(finishedAt(state.getTerminated()), finishedAt(last),
                state.getRunning() == null ? null : KubeTime.parse(state.getRunning().getStartedAt())), facts.now);
        ClusterEvent.ContainerFacts container = containerFacts(status, state, last, restarts);

        boolean ready = Boolean.TRUE.equals(status.getReady());
        if (ready || completed(state.getTerminated()) && (init || facts.succeeded)) {
            return Optional.of(facts.fact(status.getName(), CONTAINER_READY,
                    what + (init || !ready ? " completed" : " is ready") + "; restarts: " + restarts,
                    EventType.Normal, Math.max(1, restarts), lastSeen, lastSeen, container));
        }
        String reason = problemReason(state, last);
        if (reason == null) {
            return Optional.empty();
        }
        String message = what + describe(state)
                + (last == null ? "" : "; last terminated: " + termination(last))
                + "; restarts: " + restarts;
        Instant firstSeen = KubeTime.firstOf(KubeTime.earliest(finishedAt(state.getTerminated()), finishedAt(last)),
                lastSeen);
        return Optional.of(facts.fact(status.getName(), reason, message, EventType.Warning, Math.max(1, restarts),
                firstSeen, lastSeen, container));
    }

    /** The most recent termination is the current state's when the container is terminated now, else lastState's. */
    private static ClusterEvent.ContainerFacts containerFacts(ContainerStatus status, ContainerState state,
                                                              ContainerStateTerminated last, int restarts) {
        ContainerStateTerminated latest = state.getTerminated() != null ? state.getTerminated() : last;
        return new ClusterEvent.ContainerFacts(status.getName(),
                state.getWaiting() == null ? null : state.getWaiting().getReason(),
                latest == null ? null : latest.getReason(),
                latest == null ? null : latest.getExitCode(),
                finishedAt(latest), restarts, Boolean.TRUE.equals(status.getReady()));
    }

    private static String problemReason(ContainerState state, ContainerStateTerminated last) {
        ContainerStateWaiting waiting = state.getWaiting();
        if (waiting != null && waiting.getReason() != null && !BENIGN_WAITING.contains(waiting.getReason())) {
            return waiting.getReason();
        }
        if (state.getTerminated() != null) {
            // terminated now: this is the most recent termination, an older failure in lastState is history
            return abnormal(state.getTerminated()) ? orElse(state.getTerminated().getReason(), "Error") : null;
        }
        if (abnormal(last)) {
            return orElse(last.getReason(), "Error");
        }
        return null;
    }

    private static String describe(ContainerState state) {
        if (state.getWaiting() != null) {
            ContainerStateWaiting waiting = state.getWaiting();
            return " is waiting: " + orElse(waiting.getReason(), "unknown reason") + parenthesized(waiting.getMessage());
        }
        if (state.getTerminated() != null) {
            return " terminated: " + termination(state.getTerminated());
        }
        if (state.getRunning() != null) {
            String started = state.getRunning().getStartedAt();
            return " is running but not ready" + (started == null ? "" : " (started at " + started + ")");
        }
        return " has no state yet";
    }

    /** e.g. {@code Error, exit code 2 at 2026-11-20T09:04:51Z}. */
    private static String termination(ContainerStateTerminated t) {
        StringBuilder text = new StringBuilder();
        if (t.getReason() != null) {
            text.append(t.getReason()).append(", ");
        }
        text.append("exit code ").append(t.getExitCode());
        if (t.getSignal() != null && t.getSignal() != 0) {
            text.append(", signal ").append(t.getSignal());
        }
        if (t.getFinishedAt() != null) {
            text.append(" at ").append(t.getFinishedAt());
        }
        return text.append(parenthesized(t.getMessage())).toString();
    }

    private static boolean abnormal(ContainerStateTerminated t) {
        return t != null && (t.getExitCode() != null && t.getExitCode() != 0 || ABNORMAL_TERMINATION.contains(t.getReason()));
    }

    private static boolean completed(ContainerStateTerminated t) {
        return t != null && t.getExitCode() != null && t.getExitCode() == 0;
    }

    private static Instant finishedAt(ContainerStateTerminated t) {
        return t == null ? null : KubeTime.parse(t.getFinishedAt());
    }

    private static String parenthesized(String text) {
        return text == null || text.isBlank() ? "" : " (" + text.strip() + ")";
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions();
    }

    private static List<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? List.of() : statuses;
    }

    /** What every fact about one pod shares. */
    private static final class Facts {
        private final String podUid;
        private final ObjectRef pod;
        private final List<ObjectRef> owners;
        private final String resourceVersion;
        private final boolean succeeded;
        private final Instant now;

        Facts(Pod pod, Instant now) {
            this.podUid = pod.getMetadata().getUid();
            this.pod = new ObjectRef("Pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), podUid);
            this.owners = Owners.of(pod);
            this.resourceVersion = pod.getMetadata().getResourceVersion();
            this.succeeded = "Succeeded".equals(pod.getStatus().getPhase());
            this.now = now;
        }

        ClusterEvent fact(String part, String reason, String message, EventType type, int count, Instant firstSeen,
                          Instant lastSeen, ClusterEvent.ContainerFacts container) {
            return new ClusterEvent(eventUid(podUid, part), ClusterEvent.Origin.POD_STATUS, pod, owners, reason,
                    message, type, count, firstSeen, lastSeen, REPORTING_COMPONENT, resourceVersion, container);
        }
    }
}
