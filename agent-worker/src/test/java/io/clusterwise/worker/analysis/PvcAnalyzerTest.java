package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PersistentVolumeClaims that stay Pending.
 * Realistic {@code kubectl -o json} objects; healthy ones give no finding.
 */
class PvcAnalyzerTest {

    @Test
    void shouldQuoteTheProvisionerWhenAClaimStaysPending() {
        ObjectSnapshot pvc = Manifests.snapshot("pending-pvc");
        ClusterEvent provisioning = event("ev-pvc", pvc.object(), List.of(), "ProvisioningFailed",
                "storageclass.storage.k8s.io \"fast-ssd\" not found", EventType.Warning, 12, T0,
                T0.plusSeconds(1800), "persistentvolume-controller");

        assertThat(findings(List.of(provisioning), pvc)).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("PVCPending");
            assertThat(f.summary()).contains("shop/data-db-0 is Pending",
                    "storageclass.storage.k8s.io \"fast-ssd\" not found");
        });
    }

    @Test
    void shouldFindNothingWhenTheClaimIsBound() {
        assertThat(findings(Manifests.snapshot("bound-pvc"))).isEmpty();
    }
}
