package io.clusterwise.worker.analysis;

import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployments, StatefulSets and DaemonSets with unavailable replicas.
 * Realistic {@code kubectl -o json} objects; healthy ones give no finding.
 */
class WorkloadAnalyzerTest {

    @Test
    void shouldReportUnavailableReplicasWithTheConditionWhenADeploymentIsNotAvailable() {
        assertThat(findings(Manifests.snapshot("unavailable-deployment"))).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("UnavailableReplicas");
            assertThat(f.object().kind()).isEqualTo("Deployment");
            assertThat(f.summary()).contains("1/3 replicas available", "ProgressDeadlineExceeded");
        });
    }

    @Test
    void shouldReportUnavailableReplicasWhenAStatefulSetOrDaemonSetIsShort() {
        assertThat(findings(Manifests.snapshot("unavailable-statefulset"), Manifests.snapshot("unavailable-daemonset")))
                .extracting(f -> f.object().kind() + " " + f.summary())
                .containsExactlyInAnyOrder("StatefulSet StatefulSet shop/db has unavailable replicas (2/3 replicas "
                                + "available)",
                        "DaemonSet DaemonSet monitoring/node-exporter has unavailable replicas (2/3 replicas available)");
    }

    @Test
    void shouldFindNothingWhenEveryReplicaIsAvailable() {
        assertThat(findings(Manifests.snapshot("healthy-deployment"))).isEmpty();
    }
}
