package io.clusterwise.gateway.insights;

import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Severity;
import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.testing.TestProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InsightFeedTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final InsightFeed feed = new InsightFeed(TestProperties.withInsights(
            new GatewayProperties.Insights(3, 100, Duration.ofHours(24))));

    @Test
    void shouldListNewestFirstWhenInsightsArriveOutOfOrder() {
        feed.add("e2", T0, insight("b", T0.plusSeconds(20)));
        feed.add("e1", T0, insight("a", T0.plusSeconds(10)));
        feed.add("e3", T0, insight("c", T0.plusSeconds(30)));

        assertThat(fingerprints()).containsExactly("c", "b", "a");
    }

    @Test
    void shouldDropTheOldestAndNotReportItWhenTheBufferIsFull() {
        feed.add("e1", T0, insight("a", T0.plusSeconds(10)));
        feed.add("e2", T0, insight("b", T0.plusSeconds(20)));
        feed.add("e3", T0, insight("c", T0.plusSeconds(30)));

        assertThat(feed.add("e4", T0, insight("d", T0.plusSeconds(40)))).isTrue();
        assertThat(feed.add("e0", T0, insight("old", T0))).isFalse();
        assertThat(fingerprints()).containsExactly("d", "c", "b");
    }

    @Test
    void shouldKeepOneCopyWhenTheSameRecordIsReadTwice() {
        assertThat(feed.add("e1", T0, insight("a", T0))).isTrue();
        assertThat(feed.add("e1", T0, insight("a", T0))).isFalse();
        assertThat(fingerprints()).containsExactly("a");
    }

    @Test
    void shouldOrderByEnvelopeTimeWhenAnInsightHasNoDetectionTime() {
        feed.add("e1", T0.plusSeconds(50), insight("undated", null));
        feed.add("e2", T0, insight("dated", T0.plusSeconds(10)));
        assertThat(fingerprints()).containsExactly("undated", "dated");
    }

    private List<String> fingerprints() {
        return feed.newestFirst().stream().map(Insight::fingerprint).toList();
    }

    private static Insight insight(String fingerprint, Instant detectedAt) {
        return new Insight(fingerprint, Insight.Transition.OPENED, Severity.INFO, "t", List.of(), List.of(),
                List.of(), null, detectedAt);
    }
}
