package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.crashLoopingGreeter;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.Fixtures.greeterBackOff;
import static io.clusterwise.worker.Fixtures.healthyCoreDns;
import static org.assertj.core.api.Assertions.assertThat;

class AnalysisTest {

    private final Analysis analysis = Analysis.standard();

    @Test
    void shouldFindNothingWhenTheClusterIsHealthy() {
        assertThat(analysis.findings(healthyCoreDns())).isEmpty();
    }

    @Test
    void shouldKeepOnlyTheLatestVersionOfAnEventWhenACountBumpIsReplayed() {
        List<ClusterEvent> events = new ArrayList<>(crashLoopingGreeter());
        events.add(0, greeterBackOff(2, T0.plusSeconds(100))); // an older version of the same Event

        assertThat(analysis.findings(events)).singleElement().extracting(Finding::count).isEqualTo(9);
    }

    @Test
    void shouldPutCriticalFindingsFirstThenTheMostRecent() {
        ObjectRef api = new ObjectRef("Pod", "shop", "api-7f9c8d6b5-m3n4b", "9a8b7c6d");
        List<ClusterEvent> events = new ArrayList<>(crashLoopingGreeter());
        events.add(event("ev-live", api, List.of(), "Unhealthy", "Liveness probe failed: HTTP probe failed with "
                + "statuscode: 503", EventType.Warning, 2, T0, T0.plus(Duration.ofHours(2)), "kubelet"));

        assertThat(analysis.findings(events)).extracting(Finding::analyzer)
                .containsExactly("CrashLoopBackOff", "Unhealthy");
    }

    @Test
    void shouldStillReportWhenAnEventNamesNoKindForItsObject() {
        ObjectRef unnamedKind = new ObjectRef(null, "shop", "api-7f9c8d6b5-m3n4b", "9a8b7c6d");
        List<ClusterEvent> events = List.of(event("ev-mount", unnamedKind, List.of(), "FailedMount",
                "MountVolume.SetUp failed for volume \"config\" : configmap \"api-config\" not found",
                EventType.Warning, 3, T0, T0.plusSeconds(90), "kubelet"));

        assertThat(analysis.findings(events)).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("FailedMount");
            assertThat(f.summary()).contains("shop/api-7f9c8d6b5-m3n4b cannot mount a volume (config)");
        });
    }
}
