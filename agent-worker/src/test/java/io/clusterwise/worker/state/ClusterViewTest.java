package io.clusterwise.worker.state;

import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.worker.Fixtures;
import io.clusterwise.worker.Manifests;
import io.clusterwise.worker.diagnosis.Diagnosis;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.window.EventWindow;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The running worker's view: incidents from the window and the state as they arrive, in any order. */
class ClusterViewTest {

    private static final Instant NOW = Fixtures.T0.plus(Duration.ofHours(1));
    private static final ObjectRef GREETER_RS = Fixtures.GREETER_OWNERS.get(0);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final EventWindow window = new EventWindow(1_000, Duration.ofHours(1), clock);
    private final ClusterStateStore state = new ClusterStateStore(1_000);
    private final ClusterView view = new ClusterView(window, state, Diagnosis.standard(), clock, () -> true);

    @Test
    void shouldMoveTheIncidentToTheDeploymentWhenTheReplicaSetsSnapshotArrivesAfterThePodsFacts() {
        Fixtures.withOwners(Fixtures.crashLoopingGreeter(), List.of(GREETER_RS)).forEach(e -> window.add(e, NOW));

        assertThat(view.compute(NOW).incidents()).singleElement().satisfies(i -> {
            assertThat(i.fingerprint()).isEqualTo("CrashLoopBackOff:ReplicaSet/demo/greeter-8f2588814d");
            assertThat(i.settled()).isFalse();
        });

        state.apply("54bec999-9083-1a3b-b8f3-8875c142cbde", Manifests.snapshot("greeter-deployment"));
        state.apply(GREETER_RS.uid(), Manifests.snapshot("greeter-replicaset", Fixtures.GREETER_OWNERS.get(1)));

        List<Incident> incidents = view.snapshot().incidents();
        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.fingerprint()).isEqualTo("CrashLoopBackOff:Deployment/demo/greeter");
            assertThat(i.settled()).isTrue();
            assertThat(i.summary()).contains("has unavailable replicas");
        });
    }
}
