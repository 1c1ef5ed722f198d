package io.clusterwise.gateway.insights;

import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InsightListenerTest {

    @Test
    void shouldRefuseAnInsightSoItIsDeadLetteredWhenItHasNoFingerprintOrTransition() {
        Insight noFingerprint = new Insight(null, Insight.Transition.OPENED, Severity.WARNING, "t", List.of(),
                List.of(), List.of(), null, Instant.now());
        Insight noTransition = new Insight("CrashLoopBackOff:Deployment/demo/web", null, Severity.WARNING, "t",
                List.of(), List.of(), List.of(), null, Instant.now());

        assertThatThrownBy(() -> InsightListener.requireComplete(noFingerprint))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InsightListener.requireComplete(noTransition))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTakeAnInsightWhenItNamesFingerprintTransitionAndTitle() {
        Insight insight = new Insight("CrashLoopBackOff:Deployment/demo/web", Insight.Transition.OPENED,
                Severity.WARNING, "web is crash-looping", List.of(), List.of(), List.of(), null, Instant.now());

        assertThatCode(() -> InsightListener.requireComplete(insight)).doesNotThrowAnyException();
    }
}
