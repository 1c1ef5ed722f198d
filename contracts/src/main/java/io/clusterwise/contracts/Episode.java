package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The latest state of one incident episode, on the compacted {@code agent.episodes} topic, keyed by fingerprint.
 * An episode opens when its fingerprint is first seen, escalates when its count or scope grows past a threshold,
 * and resolves after a quiet period or when the objects are healthy again. Each transition is announced once on
 * {@code agent.insights}; this record is what lets another worker (or a restarted one) know what was already told.
 *
 * @param fingerprint    the episode's stable identity (see {@link Insight#fingerprint()})
 * @param state          open or resolved
 * @param lastTransition the last transition announced
 * @param subject        the object the incident is about (the Deployment or Node when correlated)
 * @param affected       the objects involved (bounded sample)
 * @param count          how many times its evidence was seen
 * @param scope          how many distinct objects are affected
 * @param firstSeen      first evidence
 * @param lastSeen       latest evidence
 * @param transitionAt   when {@code lastTransition} happened
 * @param sequence       1 for OPENED, +1 per later transition: a transition is told once per sequence number
 */
public record Episode(String fingerprint, State state, Insight.Transition lastTransition, String analyzer,
                      String reason, Severity severity, String title, ObjectRef subject, List<ObjectRef> affected,
                      int count, int scope, Instant firstSeen, Instant lastSeen, Instant transitionAt,
                      long sequence) implements Payload {

    public enum State { OPEN, RESOLVED }

    public Episode {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        affected = affected == null ? List.of() : List.copyOf(affected);
    }
}
