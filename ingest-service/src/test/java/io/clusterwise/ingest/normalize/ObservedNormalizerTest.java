package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.Samples;
import io.clusterwise.ingest.watch.Observed;
import io.clusterwise.ingest.watch.PodCache;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedNormalizerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Optional<Pod> cachedPod = Optional.empty();
    private final PodCache pods = (namespace, name) -> cachedPod
            .filter(p -> p.getMetadata().getNamespace().equals(namespace) && p.getMetadata().getName().equals(name));
    private final ObservedNormalizer normalizer = new ObservedNormalizer(pods, new IngestMetrics(registry),
            Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC), 100);

    @Test
    void shouldPublishCrashLoopOnceWhenSamePodStatusArrivesAgain() {
        assertThat(normalizer.normalize(new Observed.PodObserved(Samples.greeterPod())))
                .singleElement().extracting(ClusterEvent::reason).isEqualTo("CrashLoopBackOff");

        Pod relabelled = new PodBuilder(Samples.greeterPod()).editMetadata().withResourceVersion("48300")
                .addToLabels("team", "web").endMetadata().build();

        assertThat(normalizer.normalize(new Observed.PodObserved(relabelled))).isEmpty();
        assertThat(registry.counter(IngestMetrics.SKIPPED_UNCHANGED).count()).isEqualTo(1);
    }

    @Test
    void shouldRepublishWithSameEventUidAndFirstSeenWhenContainerRestartsAgain() {
        ClusterEvent first = normalizer.normalize(new Observed.PodObserved(Samples.greeterPod())).get(0);

        Pod restarted = withGreeter(new ContainerStatusBuilder(greeter()).withRestartCount(10)
                .editLastState().editTerminated().withFinishedAt("2026-11-20T09:10:02Z").endTerminated().endLastState()
                .build());
        List<ClusterEvent> again = normalizer.normalize(new Observed.PodObserved(restarted));

        assertThat(again).singleElement().satisfies(e -> {
            assertThat(e.eventUid()).isEqualTo(first.eventUid());
            assertThat(e.count()).isEqualTo(10);
            assertThat(e.message()).endsWith("exit code 2 at 2026-11-20T09:10:02Z; restarts: 10");
            assertThat(e.firstSeen()).isEqualTo(first.firstSeen());
            assertThat(e.lastSeen()).isEqualTo(Instant.parse("2026-11-20T09:10:02Z"));
        });
    }

    @Test
    void shouldPublishContainerReadyOnceWhenReportedContainerRecovers() {
        ClusterEvent problem = normalizer.normalize(new Observed.PodObserved(Samples.greeterPod())).get(0);
        Pod recovered = withGreeter(new ContainerStatusBuilder(greeter()).withReady(true).withStarted(true)
                .withNewState().withNewRunning().withStartedAt("2026-11-20T10:02:00Z").endRunning().endState().build());

        assertThat(normalizer.normalize(new Observed.PodObserved(recovered))).singleElement().satisfies(e -> {
            assertThat(e.eventUid()).isEqualTo(problem.eventUid());
            assertThat(e.type()).isEqualTo(EventType.Normal);
            assertThat(e.reason()).isEqualTo("ContainerReady");
        });
        assertThat(normalizer.normalize(new Observed.PodObserved(recovered))).isEmpty();
        assertThat(normalizer.trackedPods()).isZero();
    }

    @Test
    void shouldPublishContainerReadyOnceWhenCrashLoopingJobPodFinallySucceeds() {
        ClusterEvent problem = normalizer.normalize(new Observed.PodObserved(Samples.greeterPod())).get(0);
        Pod succeeded = new PodBuilder(withGreeter(new ContainerStatusBuilder(greeter()).withRestartCount(10)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                .withFinishedAt("2026-11-20T09:59:00Z").endTerminated().endState().build()))
                .editStatus().withPhase("Succeeded").endStatus().build();

        assertThat(normalizer.normalize(new Observed.PodObserved(succeeded))).singleElement().satisfies(e -> {
            assertThat(e.eventUid()).isEqualTo(problem.eventUid());
            assertThat(e.type()).isEqualTo(EventType.Normal);
            assertThat(e.message()).isEqualTo("container greeter completed; restarts: 10");
        });
        assertThat(normalizer.trackedPods()).isZero();
    }

    @Test
    void shouldPublishNothingWhenHealthyPodWasNeverReported() {
        Pod healthy = withGreeter(new ContainerStatusBuilder(greeter()).withReady(true).withRestartCount(0)
                .withLastState(null)
                .withNewState().withNewRunning().withStartedAt("2026-11-20T09:00:02Z").endRunning().endState().build());

        assertThat(normalizer.normalize(new Observed.PodObserved(healthy))).isEmpty();
    }

    @Test
    void shouldPublishCrashLoopAgainWhenPodWasDeletedAndComesBack() {
        normalizer.normalize(new Observed.PodObserved(Samples.greeterPod()));

        assertThat(normalizer.normalize(new Observed.PodDeleted(Samples.greeterPod()))).isEmpty();

        assertThat(normalizer.trackedPods()).isZero();
        assertThat(normalizer.normalize(new Observed.PodObserved(Samples.greeterPod()))).hasSize(1);
    }

    @Test
    void shouldAttachPodOwnersWhenEventInvolvesCachedPod() {
        cachedPod = Optional.of(Samples.greeterPod());

        ClusterEvent event = normalizer.normalize(new Observed.EventObserved(Samples.greeterEvent("BackOff"))).get(0);

        assertThat(event.owners()).containsExactly(
                new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d", Samples.GREETER_REPLICASET_UID));
    }

    @Test
    void shouldLeaveOwnersEmptyWhenCachedPodWithSameNameIsAnotherPod() {
        cachedPod = Optional.of(new PodBuilder(Samples.greeterPod()).editMetadata()
                .withUid("11111111-2222-3333-4444-555555555555").endMetadata().build());

        ClusterEvent event = normalizer.normalize(new Observed.EventObserved(Samples.greeterEvent("BackOff"))).get(0);

        assertThat(event.owners()).isEmpty();
    }

    @Test
    void shouldLeaveOwnersEmptyWhenPodIsNotCachedYet() {
        ClusterEvent event = normalizer.normalize(new Observed.EventObserved(Samples.greeterEvent("BackOff"))).get(0);

        assertThat(event.owners()).isEmpty();
        assertThat(event.eventUid()).isEqualTo(Samples.BACKOFF_EVENT_UID);
    }

    private static ContainerStatus greeter() {
        return Samples.greeterPod().getStatus().getContainerStatuses().get(0);
    }

    private static Pod withGreeter(ContainerStatus status) {
        return new PodBuilder(Samples.greeterPod()).editStatus().withContainerStatuses(status).endStatus().build();
    }
}
