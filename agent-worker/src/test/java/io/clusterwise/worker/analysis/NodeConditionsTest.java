package io.clusterwise.worker.analysis;

import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * NodeNotReady and NodePressure from node conditions.
 * Realistic {@code kubectl -o json} objects; healthy ones give no finding.
 */
class NodeConditionsTest {

    @Test
    void shouldReportNotReadyAndPressureWhenNodeConditionsSaySo() {
        assertThat(findings(Manifests.snapshot("notready-node"), Manifests.snapshot("pressured-node")))
                .extracting(f -> f.analyzer() + " " + f.object().name())
                .containsExactly("NodeNotReady worker-2", "NodePressure worker-3");
    }

    @Test
    void shouldFindNothingWhenTheNodeIsReadyWithoutPressure() {
        assertThat(findings(Manifests.snapshot("ready-node"))).isEmpty();
    }
}
