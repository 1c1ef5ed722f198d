package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.GREETER_POD;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

class NodeNotReadyAnalyzerTest {

    private static final ObjectRef NODE = new ObjectRef("Node", null, "worker-2", "29ca784f-3fb3-4851-ce20-ed55373bfb99");
    private final Analysis analysis = new Analysis(List.of(new NodeNotReadyAnalyzer()));
    // the node controller records this as type Normal
    private final ClusterEvent notReady = event("ev-nnr", NODE, List.of(), "NodeNotReady",
            "Node worker-2 status is now: NodeNotReady", EventType.Normal, 1, T0, T0, "node-controller");

    @Test
    void shouldReportACriticalFindingForTheNodeWhenTheNodeControllerSaysNotReady() {
        ClusterEvent podSide = event("ev-pod", GREETER_POD, List.of(), "NodeNotReady", "Node is not ready",
                EventType.Warning, 1, T0, T0, "node-controller");

        assertThat(analysis.findings(List.of(notReady, podSide))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.summary()).isEqualTo("Node worker-2 is NotReady");
        });
    }

    @Test
    void shouldReportNothingWhenTheNodeIsReadyAgain() {
        ClusterEvent ready = event("ev-nr", NODE, List.of(), "NodeReady", "Node worker-2 status is now: NodeReady",
                EventType.Normal, 1, T0.plusSeconds(120), T0.plusSeconds(120), "kubelet");

        assertThat(analysis.findings(List.of(notReady, ready))).isEmpty();
    }
}
