package io.clusterwise.worker.analysis;

import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evicted pods, from their state (phase Failed, reason Evicted).
 * Realistic {@code kubectl -o json} objects; healthy ones give no finding.
 */
class EvictedAnalyzerTest {

    @Test
    void shouldSayWhichResourceRanLowWhenAPodWasEvicted() {
        assertThat(findings(Manifests.snapshot("evicted-pod"))).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("Evicted");
            assertThat(f.summary()).endsWith("was evicted (node low on resource: memory)");
        });
    }

    @Test
    void shouldFindNothingWhenThePodRuns() {
        assertThat(findings(Manifests.snapshot("healthy-pod"))).isEmpty();
    }
}
