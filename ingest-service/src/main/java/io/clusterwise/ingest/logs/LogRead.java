package io.clusterwise.ingest.logs;

import io.clusterwise.contracts.ObjectRef;

/**
 * One container run whose log is worth reading: it ended in error (or the container crash-loops).
 *
 * @param pod       the pod (its UID keys the record and the per-pod rate limit)
 * @param container the container's name
 * @param run       the restart count of the run that ended: the status's {@code restartCount} while the container is
 *                  terminated or waits to be restarted, one less once the next run is already running
 * @param reason    the termination's reason ({@code Error}, {@code OOMKilled} …), or {@code CrashLoopBackOff} when
 *                  the container crash-loops after runs that exited 0
 * @param exitCode  the run's exit code, when the status gave one
 * @param previous  whether that run is the container's previous one ({@code previous=true}); false when the
 *                  container is terminated now and nothing ran after it
 */
record LogRead(ObjectRef pod, String container, int run, String reason, Integer exitCode, boolean previous) {

    /** The container across restarts: pending reads coalesce on it, and what was read is remembered by it. */
    String containerKey() {
        return containerKey(pod.uid(), container);
    }

    static String containerKey(String podUid, String container) {
        return podUid + "/" + container;
    }

    String describe() {
        return "container " + container + " of pod " + pod.namespace() + "/" + pod.name() + " (restart " + run + ")";
    }
}
