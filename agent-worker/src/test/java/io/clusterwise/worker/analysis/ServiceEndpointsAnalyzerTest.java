package io.clusterwise.worker.analysis;

import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services whose EndpointSlices hold no ready endpoint.
 * Realistic {@code kubectl -o json} objects; healthy ones give no finding.
 */
class ServiceEndpointsAnalyzerTest {

    @Test
    void shouldReportAServiceWhenNoneOfItsEndpointsIsReady() {
        assertThat(findings(Manifests.snapshot("service-api"), Manifests.snapshot("endpointslice-api-unready")))
                .singleElement().satisfies(f -> {
                    assertThat(f.analyzer()).isEqualTo("NoReadyEndpoints");
                    assertThat(f.object().path()).isEqualTo("Service/shop/api");
                });
    }

    @Test
    void shouldNotJudgeAServiceWhenItsEndpointSlicesAreUnknown() {
        assertThat(findings(Manifests.snapshot("service-api"))).isEmpty();
    }

    @Test
    void shouldFindNothingWhenAnEndpointIsReady() {
        assertThat(findings(Manifests.snapshot("service-api"), Manifests.snapshot("endpointslice-api-unready"),
                Manifests.snapshot("endpointslice-api-ready"))).isEmpty();
    }
}
