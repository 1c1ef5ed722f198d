package io.clusterwise.worker.episode;

import io.clusterwise.contracts.Episode;
import io.clusterwise.contracts.Insight;
import io.clusterwise.worker.diagnosis.Incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an episode changes state. Pure: the previous episode (as last announced), the current incident (null when
 * the analyzers no longer find it) and the time its evidence was last published decide.
 * <ul>
 *   <li>OPENED: an incident with no episode, or whose episode was resolved (a new sequence number);</li>
 *   <li>ESCALATED: an open episode whose incident became more severe, or whose count or scope reached
 *       {@code escalation-factor} times what was last announced;</li>
 *   <li>RESOLVED: an open episode whose incident is gone (its objects are healthy again, or its evidence left the
 *       window) or has had no new evidence for {@code quiet-period} (unless current object state still shows it).</li>
 * </ul>
 */
record EpisodeRules(Duration quietPeriod, int escalationFactor) {

    /** A transition to announce: the episode to store and which transition it is. */
    record Change(Episode episode, Insight.Transition transition) {
    }

    Optional<Change> decide(Episode previous, Incident incident, Instant lastEvidenceAt, Instant now) {
        boolean active = incident != null && (incident.ongoing() || lastEvidenceAt == null
                || !lastEvidenceAt.isBefore(now.minus(quietPeriod)));
        boolean open = previous != null && previous.state() == Episode.State.OPEN;
        if (active && !open) {
            long sequence = previous == null ? 1 : previous.sequence() + 1;
            return Optional.of(change(incident, Episode.State.OPEN, Insight.Transition.OPENED, now, sequence));
        }
        if (active && escalated(previous, incident)) {
            return Optional.of(change(incident, Episode.State.OPEN, Insight.Transition.ESCALATED, now,
                    previous.sequence() + 1));
        }
        if (!active && open) {
            Episode resolved = new Episode(previous.fingerprint(), Episode.State.RESOLVED,
                    Insight.Transition.RESOLVED, previous.analyzer(), previous.reason(), previous.severity(),
                    previous.title(), previous.subject(), previous.affected(),
                    incident != null ? incident.count() : previous.count(),
                    incident != null ? incident.scope() : previous.scope(), previous.firstSeen(),
                    incident != null && incident.lastSeen() != null ? incident.lastSeen() : previous.lastSeen(), now,
                    previous.sequence() + 1);
            return Optional.of(new Change(resolved, Insight.Transition.RESOLVED));
        }
        return Optional.empty();
    }

    private boolean escalated(Episode previous, Incident incident) {
        return previous.severity() != null && incident.severity().ordinal() < previous.severity().ordinal()
                || incident.scope() >= Math.max(previous.scope() + 1, (long) previous.scope() * escalationFactor)
                || incident.count() >= Math.max(previous.count() + 1, (long) previous.count() * escalationFactor);
    }

    private static Change change(Incident i, Episode.State state, Insight.Transition transition, Instant now,
                                 long sequence) {
        return new Change(new Episode(i.fingerprint(), state, transition, i.analyzerId(), i.reason(), i.severity(),
                i.summary(), i.subject(), i.affected(), i.count(), i.scope(), i.firstSeen(), i.lastSeen(), now,
                sequence), transition);
    }
}
