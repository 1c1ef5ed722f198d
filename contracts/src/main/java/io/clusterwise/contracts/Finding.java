package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A deterministic diagnosis of one problem, produced by an analyzer without any model.
 *
 * @param evidenceIds the ids of the {@link Evidence} lines that show it
 */
public record Finding(String analyzer, Severity severity, ObjectRef object, String reason, String summary, int count,
                      Instant firstSeen, Instant lastSeen, List<String> evidenceIds) {
    public Finding {
        evidenceIds = evidenceIds == null ? List.of() : List.copyOf(evidenceIds);
    }
}
