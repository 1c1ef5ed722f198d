package io.clusterwise.worker.episode;

import io.clusterwise.contracts.Episode;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Severity;
import io.clusterwise.worker.diagnosis.Incident;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EpisodeRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final ObjectRef DEPLOYMENT = new ObjectRef("Deployment", "shop", "api", "d-api");
    private final EpisodeRules rules = new EpisodeRules(Duration.ofMinutes(15), 3);

    private static Incident incident(int count, int scope, Severity severity, boolean ongoing) {
        return new Incident("CrashLoopBackOff:Deployment/shop/api", "crash-loop", "CrashLoopBackOff", severity,
                DEPLOYMENT, "Deployment shop/api: 2 pods, e.g. api-x, are crash-looping", count, scope,
                NOW.minusSeconds(3600), NOW.minusSeconds(60), List.of(DEPLOYMENT), List.of(), List.of("e1"), ongoing);
    }

    private Episode open(int count, int scope) {
        return rules.decide(null, incident(count, scope, Severity.WARNING, false), NOW, NOW).orElseThrow().episode();
    }

    @Test
    void shouldOpenWithSequenceOneWhenAnIncidentIsNew() {
        Optional<EpisodeRules.Change> change = rules.decide(null, incident(5, 1, Severity.CRITICAL, false),
                NOW.minusSeconds(30), NOW);

        assertThat(change).hasValueSatisfying(c -> {
            assertThat(c.transition()).isEqualTo(Insight.Transition.OPENED);
            assertThat(c.episode().state()).isEqualTo(Episode.State.OPEN);
            assertThat(c.episode().sequence()).isEqualTo(1);
            assertThat(c.episode().count()).isEqualTo(5);
        });
    }

    @Test
    void shouldStayQuietWhenAnOpenIncidentOnlyGrowsALittle() {
        assertThat(rules.decide(open(5, 2), incident(9, 3, Severity.WARNING, false), NOW, NOW)).isEmpty();
    }

    @Test
    void shouldEscalateWhenCountOrScopeReachTheFactorOrSeverityRises() {
        assertThat(rules.decide(open(5, 2), incident(15, 2, Severity.WARNING, false), NOW, NOW))
                .map(EpisodeRules.Change::transition).hasValue(Insight.Transition.ESCALATED);
        assertThat(rules.decide(open(5, 2), incident(5, 6, Severity.WARNING, false), NOW, NOW))
                .map(c -> c.episode().sequence()).hasValue(2L);
        assertThat(rules.decide(open(5, 2), incident(5, 2, Severity.CRITICAL, false), NOW, NOW))
                .map(EpisodeRules.Change::transition).hasValue(Insight.Transition.ESCALATED);
    }

    @Test
    void shouldResolveWhenTheIncidentIsGoneOrQuietForTheQuietPeriod() {
        Episode open = open(5, 2);

        assertThat(rules.decide(open, null, null, NOW)).hasValueSatisfying(c -> {
            assertThat(c.transition()).isEqualTo(Insight.Transition.RESOLVED);
            assertThat(c.episode().state()).isEqualTo(Episode.State.RESOLVED);
            assertThat(c.episode().sequence()).isEqualTo(2);
        });
        assertThat(rules.decide(open, incident(5, 2, Severity.WARNING, false), NOW.minus(Duration.ofMinutes(16)),
                NOW)).map(EpisodeRules.Change::transition).hasValue(Insight.Transition.RESOLVED);
    }

    @Test
    void shouldKeepAnEpisodeOpenWhileObjectStateStillShowsItHoweverOldItsEvents() {
        assertThat(rules.decide(open(5, 2), incident(5, 2, Severity.WARNING, true), NOW.minus(Duration.ofHours(3)),
                NOW)).isEmpty();
    }

    @Test
    void shouldReopenWithANewSequenceWhenAResolvedIncidentReturns() {
        Episode resolved = rules.decide(open(5, 2), null, null, NOW).orElseThrow().episode();

        assertThat(rules.decide(resolved, incident(1, 1, Severity.WARNING, false), NOW, NOW.plusSeconds(60)))
                .hasValueSatisfying(c -> {
                    assertThat(c.transition()).isEqualTo(Insight.Transition.OPENED);
                    assertThat(c.episode().sequence()).isEqualTo(3);
                });
        assertThat(rules.decide(resolved, null, null, NOW.plusSeconds(60))).isEmpty();
    }
}
