package io.clusterwise.worker.analysis;

import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/** Healthy objects of every kind the analyzers read give no finding. */
class HealthyStateTest {

    @Test
    void shouldFindNothingWhenEveryObjectIsHealthy() {
        assertThat(findings(Manifests.snapshot("healthy-pod"), Manifests.snapshot("healthy-deployment"),
                Manifests.snapshot("complete-job"), Manifests.snapshot("bound-pvc"), Manifests.snapshot("ready-node"),
                Manifests.snapshot("service-api"), Manifests.snapshot("endpointslice-api-ready"))).isEmpty();
    }
}
