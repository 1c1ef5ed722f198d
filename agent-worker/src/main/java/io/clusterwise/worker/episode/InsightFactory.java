package io.clusterwise.worker.episode;

import io.clusterwise.contracts.Episode;
import io.clusterwise.contracts.Insight;
import io.clusterwise.worker.analysis.Analysis;
import io.clusterwise.worker.diagnosis.Incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The insight that announces an episode's transition, ready for a Slack bridge to post as it is. */
final class InsightFactory {

    private InsightFactory() {
    }

    /** @param incident the current incident; null when a resolved episode's incident is gone */
    static Insight insight(Episode episode, Incident incident, String explanation, Duration quietPeriod, Instant now) {
        Insight.Transition t = episode.lastTransition();
        String title = switch (t) {
            case OPENED -> episode.title();
            case ESCALATED -> "Escalated: " + episode.title() + " (" + episode.count() + " times, "
                    + episode.scope() + (episode.scope() == 1 ? " object)" : " objects)");
            case RESOLVED -> "Resolved: " + Analysis.label(episode.subject()) + " " + episode.reason() + " — "
                    + (incident == null ? "the objects are healthy again or the evidence has aged out"
                    : "no new evidence for " + quietPeriod.toMinutes() + " minutes");
        };
        return new Insight(episode.fingerprint(), t, episode.severity(), title, episode.affected(),
                incident == null ? List.of() : incident.examples(),
                SuggestedCommands.forIncident(episode.reason(), episode.subject(), episode.affected()),
                explanation, now, episode.subject(), episode.count(), episode.firstSeen(), episode.lastSeen());
    }
}
