package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A proactive summary on {@code agent.insights}, keyed by fingerprint, that a Slack bridge can post as it is.
 *
 * @param suggestedCommands read-only kubectl commands worth running next
 * @param explanation       a short model-written explanation, or null when no model was available
 */
public record Insight(String fingerprint, Transition transition, Severity severity, String title,
                      List<ObjectRef> affected, List<Evidence> evidence, List<String> suggestedCommands,
                      String explanation, Instant detectedAt) implements Payload {

    public enum Transition { OPENED, ESCALATED, RESOLVED }

    public Insight {
        affected = affected == null ? List.of() : List.copyOf(affected);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        suggestedCommands = suggestedCommands == null ? List.of() : List.copyOf(suggestedCommands);
    }
}
