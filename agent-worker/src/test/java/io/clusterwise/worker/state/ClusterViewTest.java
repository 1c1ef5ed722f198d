package io.clusterwise.worker.state;

import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.worker.Fixtures;
import io.clusterwise.worker.Manifests;
import io.clusterwise.worker.MutableClock;
import io.clusterwise.worker.diagnosis.Diagnosis;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.logs.ContainerLogStore;
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

    @Test
    void shouldCiteAPodsLogLinesAsSoonAsTheyArriveAndOnlyWhileAnIncidentIsAboutThePod() {
        ContainerLogStore logs = new ContainerLogStore(100, 30, Duration.ofHours(1), clock);
        ClusterView withLogs = new ClusterView(window, state, logs, Diagnosis.standard(), clock, () -> true);
        Fixtures.crashLoopingGreeter().forEach(e -> window.add(e, NOW));
        ObjectRef healthy = Fixtures.COREDNS_POD;
        logs.put(healthy.uid(), Fixtures.containerLog(healthy, "coredns", 1, 1, NOW, List.of("an old crash")), NOW);
        assertThat(withLogs.snapshot().evidence()).noneMatch(e -> e.eventUid().startsWith("container-log/"));

        logs.put(Fixtures.GREETER_POD_UID, Fixtures.greeterLog(9, NOW), NOW);

        ClusterView.Snapshot snapshot = withLogs.snapshot(); // within REUSE_FOR of the last one: the log is new
        assertThat(snapshot.incidents()).singleElement()
                .satisfies(i -> assertThat(i.evidenceIds()).first().asString().startsWith("container-log/"));
        assertThat(snapshot.evidence()).filteredOn(e -> e.eventUid().startsWith("container-log/"))
                .singleElement().satisfies(e -> assertThat(e.involvedObject()).isEqualTo(Fixtures.GREETER_POD));
    }

    @Test
    void shouldAnswerFromTheLatestSnapshotWhenItIsRecentEvenIfRecordsArrivedSince() {
        MutableClock time = new MutableClock(NOW);
        EventWindow events = new EventWindow(1_000, Duration.ofHours(1), time);
        ClusterView answers = new ClusterView(events, new ClusterStateStore(1_000), Diagnosis.standard(), time,
                () -> true);
        Fixtures.crashLoopingGreeter().forEach(e -> events.add(e, NOW));
        ClusterView.Snapshot checked = answers.snapshot(); // what the per-second episode check computed

        events.add(Fixtures.crashLoopingGreeter().get(0).withMessage("one more BackOff"), NOW);
        time.advance(ClusterView.ANSWER_STALENESS);

        assertThat(answers.forAnswer()).as("at most ANSWER_STALENESS old: reused").isSameAs(checked);
        assertThat(answers.snapshot()).as("the episode check sees the change").isNotSameAs(checked);
    }

    @Test
    void shouldAnalyseAfreshForAnAnswerWhenTheLatestSnapshotIsTooOld() {
        MutableClock time = new MutableClock(NOW);
        EventWindow events = new EventWindow(1_000, Duration.ofHours(1), time);
        ClusterView answers = new ClusterView(events, new ClusterStateStore(1_000), Diagnosis.standard(), time,
                () -> true);
        Fixtures.crashLoopingGreeter().forEach(e -> events.add(e, NOW));
        ClusterView.Snapshot old = answers.snapshot();

        time.advance(ClusterView.ANSWER_STALENESS.plusMillis(1));

        ClusterView.Snapshot fresh = answers.forAnswer();
        assertThat(fresh).isNotSameAs(old);
        assertThat(fresh.at()).isEqualTo(NOW.plus(ClusterView.ANSWER_STALENESS).plusMillis(1));
        assertThat(fresh.incidents()).isNotEmpty();
    }
}
