package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The last lines a container wrote before it ended in error, on {@code cluster.logs}, keyed by the pod's UID. Ingest
 * reads them once per restart (the API's {@code pods/log} with {@code previous=true}, bounded by a line and a byte
 * limit) when a container terminates with an error or waits in CrashLoopBackOff, redacts them like every other text,
 * and publishes them here; the worker cites them as evidence, since an exception's last lines are often the cause.
 *
 * @param pod          the pod (its UID is the Kafka key)
 * @param container    the container whose previous run the lines come from
 * @param restartCount the restart count of the run that ended (the status's count while the container waits to be
 *                     restarted; one less once the next run is already running): one read per run
 * @param reason       why they were read: the last termination's reason ({@code Error}, {@code OOMKilled}…) or
 *                     {@code CrashLoopBackOff}
 * @param exitCode     the previous run's exit code, when the status gave one
 * @param lines        the lines, oldest first, redacted; at most the configured line limit
 * @param truncated    whether the limits cut the log short (more lines or bytes were there)
 * @param readAt       when ingest read them
 */
public record ContainerLog(ObjectRef pod, String container, int restartCount, String reason, Integer exitCode,
                           List<String> lines, boolean truncated, Instant readAt) implements Payload {

    public ContainerLog {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(container, "container");
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** The lines as one text, newline-separated. */
    public String text() {
        return String.join("\n", lines);
    }
}
