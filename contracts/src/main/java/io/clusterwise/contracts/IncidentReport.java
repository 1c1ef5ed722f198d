package io.clusterwise.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One incident as people and scripts read it: the objects of {@code ./clusterwise diagnose --json} and of the
 * gateway's {@code GET /api/diagnose} (carried in a {@link DiagnoseReply}). Null fields are written as {@code null},
 * so every object has the same fields.
 *
 * @param analyzer    the analyzer's short id, e.g. {@code crash-loop}
 * @param namespace   the subject's namespace, null for cluster-scoped subjects (nodes)
 * @param kind        the subject's kind: the top owner (Deployment, StatefulSet…) or the node, else the object itself
 * @param reason      the kind of problem, e.g. {@code CrashLoopBackOff}
 * @param count       how many times it was seen (repeats compressed)
 * @param evidence    a few representative evidence lines
 * @param fingerprint the incident's stable identity, as on {@code agent.insights}
 * @param scope       how many distinct objects show it
 * @param affected    the objects that show it, as {@code Kind/namespace/name} (bounded sample, most recent first)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IncidentReport(String analyzer, Severity severity, String namespace, String kind, String name,
                             String reason, int count, Instant firstSeen, Instant lastSeen, String summary,
                             List<Line> evidence, String fingerprint, int scope, List<String> affected) {

    public IncidentReport {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        affected = affected == null ? List.of() : List.copyOf(affected);
    }

    /**
     * One evidence line.
     *
     * @param object  the object it is about, as {@code Kind/namespace/name}
     * @param message the event's message, or a container's last log lines (newline-separated)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Line(String object, String reason, String message, Instant time) {
    }

    /** The fingerprint, or else {@code reason:kind/namespace/name}, for ordering and de-duplication. */
    public String identity() {
        return Objects.requireNonNullElse(fingerprint, reason + ":" + kind + "/" + namespace + "/" + name);
    }
}
