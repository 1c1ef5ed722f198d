package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A proactive summary on {@code agent.insights}, keyed by fingerprint, that a Slack bridge can post as it is: one
 * record per episode transition (opened, escalated, resolved).
 *
 * @param fingerprint       the episode's stable identity:
 *                          {@code <reason>:<Kind>/<namespace>/<name>[:<template hash>]} naming the object the
 *                          incident is about (the Deployment or Node when correlated), e.g.
 *                          {@code CrashLoopBackOff:Deployment/demo/greeter:3f9a1c}; {@link Suppression} patterns
 *                          match it
 * @param suggestedCommands read-only kubectl commands worth running next
 * @param explanation       a short model-written explanation, or null when no model was available
 * @param subject           the object the incident is about; null on records from an older worker
 * @param count             how many times its evidence was seen (0 on records from an older worker)
 * @param firstSeen         first evidence, where known
 * @param lastSeen          latest evidence, where known
 */
public record Insight(String fingerprint, Transition transition, Severity severity, String title,
                      List<ObjectRef> affected, List<Evidence> evidence, List<String> suggestedCommands,
                      String explanation, Instant detectedAt, ObjectRef subject, int count, Instant firstSeen,
                      Instant lastSeen) implements Payload {

    public enum Transition { OPENED, ESCALATED, RESOLVED }

    public Insight {
        affected = affected == null ? List.of() : List.copyOf(affected);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        suggestedCommands = suggestedCommands == null ? List.of() : List.copyOf(suggestedCommands);
    }

    /** An insight without episode figures (subject, count, first/last seen). */
    public Insight(String fingerprint, Transition transition, Severity severity, String title,
                   List<ObjectRef> affected, List<Evidence> evidence, List<String> suggestedCommands,
                   String explanation, Instant detectedAt) {
        this(fingerprint, transition, severity, title, affected, evidence, suggestedCommands, explanation,
                detectedAt, null, 0, null, null);
    }
}
