package io.clusterwise.ingest.logs;

import io.clusterwise.contracts.ObjectRef;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which container runs of a pod have a log worth reading. Pure. A container (init containers included) qualifies when
 * it is not ready and the run that ended most recently — the current state's termination when it is terminated now,
 * else {@code lastState.terminated} — ended abnormally (a non-zero exit code, {@code OOMKilled}, {@code Error}), or
 * the container waits in {@code CrashLoopBackOff} after such a run. Nothing qualifies without a run that ended (there
 * is no log of it to read), in a pod that is being deleted (its containers are killed on purpose), or in a ready
 * container (it recovered; its old failure is history).
 * <p>
 * Which run: while a container is terminated or waits to be restarted, its {@code restartCount} is the count of the
 * run that ended; once the next run is running, that run is one less. So a run is read once whether ingest first sees
 * it in back-off or only after the restart.
 */
final class LogTrigger {

    static final String CRASH_LOOP = "CrashLoopBackOff";
    private static final Set<String> ABNORMAL_TERMINATION = Set.of("OOMKilled", "Error");

    private LogTrigger() {
    }

    static List<LogRead> of(Pod pod) {
        if (pod.getMetadata() == null || pod.getMetadata().getUid() == null
                || pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null) {
            return List.of();
        }
        ObjectRef ref = new ObjectRef("Pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                pod.getMetadata().getUid());
        List<LogRead> reads = new ArrayList<>(1);
        addAll(ref, pod.getStatus().getInitContainerStatuses(), reads);
        addAll(ref, pod.getStatus().getContainerStatuses(), reads);
        return reads;
    }

    private static void addAll(ObjectRef pod, List<ContainerStatus> statuses, List<LogRead> reads) {
        if (statuses == null) {
            return;
        }
        for (ContainerStatus status : statuses) {
            LogRead read = of(pod, status);
            if (read != null) {
                reads.add(read);
            }
        }
    }

    private static LogRead of(ObjectRef pod, ContainerStatus status) {
        if (Boolean.TRUE.equals(status.getReady()) || status.getName() == null) {
            return null;
        }
        ContainerState state = status.getState() == null ? new ContainerState() : status.getState();
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        ContainerStateTerminated ended = state.getTerminated() != null ? state.getTerminated() : last;
        if (ended == null) {
            return null;
        }
        boolean crashLoop = state.getWaiting() != null && CRASH_LOOP.equals(state.getWaiting().getReason());
        boolean abnormal = abnormal(ended);
        if (!abnormal && !crashLoop) {
            return null;
        }
        int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
        int run = state.getTerminated() == null && state.getRunning() != null ? restarts - 1 : restarts;
        String reason = abnormal ? orElse(ended.getReason(), "Error") : CRASH_LOOP;
        return new LogRead(pod, status.getName(), Math.max(0, run), reason, ended.getExitCode(),
                state.getTerminated() == null);
    }

    private static boolean abnormal(ContainerStateTerminated t) {
        return t.getExitCode() != null && t.getExitCode() != 0 || ABNORMAL_TERMINATION.contains(t.getReason());
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
