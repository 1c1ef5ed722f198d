package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.Fixtures.ready;
import static io.clusterwise.worker.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

class ProbeAnalyzerTest {

    private static final ObjectRef API = new ObjectRef("Pod", "shop", "api-7f9c8d6b5-m3n4b",
            "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
    private final Analysis analysis = new Analysis(List.of(new ProbeAnalyzer()));
    private final ClusterEvent liveness = event("ev-live", API, List.of(), "Unhealthy",
            "Liveness probe failed: HTTP probe failed with statuscode: 500", EventType.Warning, 3, T0,
            T0.plusSeconds(30), "kubelet");
    private final ClusterEvent readiness = event("ev-ready", API, List.of(), "Unhealthy",
            "Readiness probe failed: Get \"http://10.244.1.17:8080/ready\": dial tcp 10.244.1.17:8080: connect: "
                    + "connection refused", EventType.Warning, 12, T0, T0.plusSeconds(60), "kubelet");

    @Test
    void shouldGroupLivenessAndReadinessFailuresIntoOneFindingWhenBothFail() {
        assertThat(analysis.findings(List.of(liveness, readiness))).singleElement().satisfies(f -> {
            assertThat(f.summary()).isEqualTo("Pod shop/api-7f9c8d6b5-m3n4b is failing its liveness and readiness probes");
            assertThat(f.count()).isEqualTo(15);
            assertThat(f.lastSeen()).isEqualTo(T0.plusSeconds(60));
        });
    }

    @Test
    void shouldReportNothingWhenTheContainerIsReadyAgain() {
        ClusterEvent ready = status(API, List.of(), ready("api", 0), "ContainerReady",
                "container api is ready; restarts: 0", EventType.Normal, T0.plusSeconds(90), T0.plusSeconds(90));

        assertThat(analysis.findings(List.of(liveness, readiness, ready))).isEmpty();
    }
}
