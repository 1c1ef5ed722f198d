package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Severity;
import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CreateContainerConfigError: a container whose configuration names a missing ConfigMap/Secret (key).
 * Realistic {@code kubectl -o json} objects; healthy ones give no finding.
 */
class ConfigErrorAnalyzerTest {

    @Test
    void shouldNameTheMissingConfigMapKeyWhenAContainerCannotBeCreated() {
        ObjectSnapshot pod = Manifests.snapshot("config-error-pod");
        ClusterEvent failed = event("ev-cfg", pod.object(), List.of(), "Failed",
                "Error: couldn't find key DB_URL in ConfigMap shop/checkout-config", EventType.Warning, 4,
                T0.plusSeconds(600), T0.plusSeconds(900), "kubelet");

        assertThat(findings(List.of(failed), pod)).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("CreateContainerConfigError");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.summary()).contains("checkout-6d9f7c8b4-q2w8e",
                    "couldn't find key DB_URL in ConfigMap shop/checkout-config");
        });
    }

    @Test
    void shouldFindNothingWhenTheContainerRuns() {
        assertThat(findings(Manifests.snapshot("healthy-pod"))).isEmpty();
    }
}
