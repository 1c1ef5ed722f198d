package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

class VolumeAnalyzerTest {

    private static final ObjectRef DB = new ObjectRef("Pod", "shop", "postgres-0", "2b3c4d5e-6f70-4a1b-9c2d-3e4f5a6b7c8d");
    private final Analysis analysis = new Analysis(List.of(new VolumeAnalyzer()));

    @Test
    void shouldReportTheVolumeWhenAMountFails() {
        ClusterEvent mount = event("ev-mount", DB, List.of(), "FailedMount",
                "MountVolume.SetUp failed for volume \"config\" : configmap \"postgres-config\" not found",
                EventType.Warning, 6, T0, T0.plusSeconds(240), "kubelet");

        assertThat(analysis.findings(List.of(mount))).singleElement().satisfies(f -> {
            assertThat(f.summary()).isEqualTo("Pod shop/postgres-0 cannot mount a volume (config)");
            assertThat(f.analyzer()).isEqualTo("FailedMount");
        });
    }

    @Test
    void shouldSayAttachWhenTheAttachDetachControllerFails() {
        ClusterEvent attach = event("ev-attach", DB, List.of(), "FailedAttachVolume",
                "AttachVolume.Attach failed for volume \"pvc-4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8\" : rpc error: "
                        + "code = Internal desc = volume is attached to another node", EventType.Warning, 2, T0,
                T0.plusSeconds(30), "attachdetach-controller");

        assertThat(analysis.findings(List.of(attach))).singleElement().satisfies(f -> assertThat(f.summary())
                .isEqualTo("Pod shop/postgres-0 cannot attach a volume (pvc-4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8)"));
    }
}
