package io.clusterwise.worker.episode;

import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Severity;
import io.clusterwise.worker.diagnosis.Incident;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpeningHoldTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final ObjectRef RS = new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d", "rs-1");

    private final OpeningHold hold = new OpeningHold(GRACE);

    private static Incident incident(boolean settled) {
        return new Incident("CrashLoopBackOff:ReplicaSet/demo/greeter-8f2588814d", "crash-loop", "CrashLoopBackOff",
                Severity.CRITICAL, RS, "ReplicaSet demo/greeter-8f2588814d: pod greeter-x is crash-looping", 9, 1,
                NOW.minusSeconds(600), NOW, List.of(RS), List.of(), List.of("e1"), true, settled);
    }

    @Test
    void shouldHoldAnUnsettledIncidentUntilTheGraceHasPassedWhenItsSubjectStaysUnknown() {
        assertThat(hold.waits(incident(false), NOW)).isTrue();
        assertThat(hold.waits(incident(false), NOW.plus(GRACE).minusMillis(1))).isTrue();
        assertThat(hold.waits(incident(false), NOW.plus(GRACE))).isFalse();
    }

    @Test
    void shouldNotHoldWhenTheIncidentsSubjectIsSettled() {
        assertThat(hold.waits(incident(true), NOW)).isFalse();
    }

    @Test
    void shouldStartTheGraceAgainWhenTheIncidentWentAwayInBetween() {
        hold.waits(incident(false), NOW);
        hold.retain(List.of());

        assertThat(hold.waits(incident(false), NOW.plus(GRACE))).isTrue();
    }
}
