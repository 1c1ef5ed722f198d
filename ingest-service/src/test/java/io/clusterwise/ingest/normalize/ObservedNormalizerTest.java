package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Topic;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.Samples;
import io.clusterwise.ingest.redact.Redactor;
import io.clusterwise.ingest.watch.Observed;
import io.clusterwise.ingest.watch.WatchedKind;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, HasMetadata> cache = new HashMap<>();
    private final ObjectLookup lookup = (kind, namespace, name) -> Optional.ofNullable(cache.get(kind + "/" + name))
            .filter(o -> java.util.Objects.equals(o.getMetadata().getNamespace(), namespace));
    private final ObservedNormalizer normalizer = new ObservedNormalizer(lookup, new Redactor(),
            new IngestMetrics(registry), 100);

    @Test
    void shouldPublishCrashLoopOnceWhenSamePodStatusArrivesAgain() {
        assertThat(facts(upserted(Samples.greeterPod())))
                .singleElement().extracting(ClusterEvent::reason).isEqualTo("CrashLoopBackOff");

        Pod relabelled = new PodBuilder(Samples.greeterPod()).editMetadata().withResourceVersion("48300")
                .addToLabels("team", "web").endMetadata().build();

        assertThat(facts(upserted(relabelled))).isEmpty();
        assertThat(registry.counter(IngestMetrics.DEDUPLICATED, "topic", "cluster.events").count()).isEqualTo(1);
    }

    @Test
    void shouldRepublishWithSameEventUidAndFirstSeenWhenContainerRestartsAgain() {
        ClusterEvent first = facts(upserted(Samples.greeterPod())).get(0);

        Pod restarted = withGreeter(new ContainerStatusBuilder(greeter()).withRestartCount(10)
                .editLastState().editTerminated().withFinishedAt("2026-11-20T09:10:02Z").endTerminated().endLastState()
                .build());
        List<ClusterEvent> again = facts(upserted(restarted));

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
        ClusterEvent problem = facts(upserted(Samples.greeterPod())).get(0);
        Pod recovered = withGreeter(new ContainerStatusBuilder(greeter()).withReady(true).withStarted(true)
                .withNewState().withNewRunning().withStartedAt("2026-11-20T10:02:00Z").endRunning().endState().build());

        assertThat(facts(upserted(recovered))).singleElement().satisfies(e -> {
            assertThat(e.eventUid()).isEqualTo(problem.eventUid());
            assertThat(e.type()).isEqualTo(EventType.Normal);
            assertThat(e.reason()).isEqualTo("ContainerReady");
        });
        assertThat(facts(upserted(recovered))).isEmpty();
        assertThat(normalizer.trackedPods()).isZero();
    }

    @Test
    void shouldPublishContainerReadyOnceWhenCrashLoopingJobPodFinallySucceeds() {
        ClusterEvent problem = facts(upserted(Samples.greeterPod())).get(0);
        Pod succeeded = new PodBuilder(withGreeter(new ContainerStatusBuilder(greeter()).withRestartCount(10)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                .withFinishedAt("2026-11-20T09:59:00Z").endTerminated().endState().build()))
                .editStatus().withPhase("Succeeded").endStatus().build();

        assertThat(facts(upserted(succeeded))).singleElement().satisfies(e -> {
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

        assertThat(facts(upserted(healthy))).isEmpty();
    }

    @Test
    void shouldPublishCrashLoopAgainWhenPodWasDeletedAndComesBack() {
        facts(upserted(Samples.greeterPod()));

        assertThat(normalizer.normalize(new Observed.Deleted(WatchedKind.PODS, Samples.greeterPod()), NOW))
                .containsExactly(new Outgoing.Tombstone(new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9",
                        Samples.GREETER_POD_UID)));

        assertThat(normalizer.trackedPods()).isZero();
        assertThat(facts(upserted(Samples.greeterPod()))).hasSize(1);
    }

    @Test
    void shouldPublishSnapshotOnceAndTombstoneWhenPodIsUnchangedThenDeleted() {
        List<Outgoing> first = normalized(Samples.greeterPod());
        assertThat(snapshots(first)).singleElement().satisfies(s -> {
            assertThat(s.object().uid()).isEqualTo(Samples.GREETER_POD_UID);
            assertThat(s.resourceVersion()).isNull(); // the sample has none: content decides
            assertThat(s.observedAt()).isEqualTo(NOW);
        });
        assertThat(first).extracting(Outgoing::key).containsOnly(Samples.GREETER_POD_UID);

        assertThat(normalized(Samples.greeterPod())).isEmpty();
        assertThat(registry.counter(IngestMetrics.DEDUPLICATED, "topic", "cluster.state").count()).isEqualTo(1);
    }

    @Test
    void shouldResolveOwnerChainToDeploymentWhenReplicaSetIsCached() {
        cache(sample(ReplicaSet.class, "greeter-8f2588814d"));
        cache(sample(Deployment.class, "greeter"));

        ObjectSnapshot pod = snapshots(normalized(Samples.greeterPod())).get(0);
        ClusterEvent backOff = facts(upserted(Samples.greeterEvent("BackOff"))).get(0);

        assertThat(pod.owners()).extracting(ObjectRef::kind, ObjectRef::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ReplicaSet", "greeter-8f2588814d"),
                org.assertj.core.groups.Tuple.tuple("Deployment", "greeter"));
        // the Event's involved pod is not cached: no owners, but once it is, the whole chain
        assertThat(backOff.owners()).isEmpty();
        cache(Samples.greeterPod());
        ClusterEvent bumped = facts(upserted(new io.fabric8.kubernetes.api.model.EventBuilder(
                Samples.greeterEvent("BackOff")).editMetadata().withResourceVersion("99999").endMetadata().build())).get(0);
        assertThat(bumped.owners()).extracting(ObjectRef::kind).containsExactly("ReplicaSet", "Deployment");
    }

    @Test
    void shouldResolveJobToCronJobWhenCronJobOwnsTheJob() {
        cache(new CronJobBuilder().withNewMetadata().withName("nightly").withNamespace("batch").withUid("cj-1")
                .endMetadata().build());
        Job job = new JobBuilder().withNewMetadata().withName("nightly-29000").withNamespace("batch").withUid("job-1")
                .withResourceVersion("1").withOwnerReferences(new OwnerReferenceBuilder().withKind("CronJob")
                        .withName("nightly").withUid("cj-1").withController(true).build())
                .endMetadata().build();

        assertThat(snapshots(normalized(job)).get(0).owners())
                .containsExactly(new ObjectRef("CronJob", "batch", "nightly", "cj-1"));
    }

    @Test
    void shouldTrimBulkAndMaskEnvWhenSnapshotIsTaken() {
        Pod bulky = new PodBuilder(Samples.greeterPod()).editMetadata()
                .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"huge\":true}")
                .addToAnnotations("example.com/api-token", "tok-123456")
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
                .endMetadata().build();

        ObjectSnapshot snapshot = snapshots(normalized(bulky)).get(0);

        String json = snapshot.manifest().toString();
        assertThat(snapshot.manifest().path("metadata").has("managedFields")).isFalse();
        assertThat(json).doesNotContain("last-applied-configuration").doesNotContain("tok-123456")
                .doesNotContain(Samples.SEEDED_SECRET);
        assertThat(snapshot.manifest().path("spec").path("containers").get(0).path("env").get(0).path("value").asText())
                .isEqualTo("***");
        // what diagnosis needs stays
        assertThat(snapshot.manifest().path("status").path("containerStatuses").get(0).path("lastState")
                .path("terminated").path("exitCode").asInt()).isEqualTo(2);
        assertThat(snapshot.manifest().path("spec").path("nodeName").asText()).isNotEmpty();
        assertThat(registry.counter(IngestMetrics.REDACTED).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldPublishNothingAgainWhenMemoryIsRebuiltFromWhatWasPublished() {
        List<Outgoing> published = new java.util.ArrayList<>(normalized(Samples.greeterPod()));
        Samples.greeterEvents().forEach(e -> published.addAll(normalizer.normalize(upserted(e), NOW)));

        ObservedNormalizer restarted = new ObservedNormalizer(lookup, new Redactor(), new IngestMetrics(registry), 100);
        for (Outgoing out : published) {
            if (out instanceof Outgoing.Snapshot s) {
                restarted.rememberSnapshot(s.key(), s.snapshot());
            } else if (out instanceof Outgoing.Fact f) {
                restarted.rememberFact(f.event());
            }
        }

        assertThat(restarted.normalize(upserted(Samples.greeterPod()), NOW)).isEmpty();
        Samples.greeterEvents().forEach(e -> assertThat(restarted.normalize(upserted(e), NOW)).isEmpty());
    }

    @Test
    void shouldNormalizeEventsV1LikeCoreWhenSameEventComesFromEventsApi() {
        io.fabric8.kubernetes.api.model.Event core = Samples.greeterEvent("BackOff");
        io.fabric8.kubernetes.api.model.events.v1.Event v1 = new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withMetadata(core.getMetadata()).withRegarding(core.getInvolvedObject()).withReason(core.getReason())
                .withNote(core.getMessage()).withType(core.getType()).withDeprecatedCount(core.getCount())
                .withDeprecatedFirstTimestamp(core.getFirstTimestamp()).withDeprecatedLastTimestamp(core.getLastTimestamp())
                .withReportingController("kubelet").withDeprecatedSource(core.getSource()).build();

        ClusterEvent fromCore = facts(upserted(core)).get(0);
        ObservedNormalizer other = new ObservedNormalizer(lookup, new Redactor(), new IngestMetrics(registry), 100);
        ClusterEvent fromV1 = other.normalize(new Observed.Upserted(WatchedKind.EVENTS, v1), NOW).stream()
                .map(o -> ((Outgoing.Fact) o).event()).findFirst().orElseThrow();

        assertThat(fromV1).isEqualTo(fromCore);
    }

    @Test
    void shouldAttachPodOwnersWhenEventInvolvesCachedPod() {
        cache(Samples.greeterPod());

        ClusterEvent event = facts(upserted(Samples.greeterEvent("BackOff"))).get(0);

        assertThat(event.owners()).containsExactly(
                new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d", Samples.GREETER_REPLICASET_UID));
    }

    @Test
    void shouldLeaveOwnersEmptyWhenCachedPodWithSameNameIsAnotherPod() {
        cache(new PodBuilder(Samples.greeterPod()).editMetadata()
                .withUid("11111111-2222-3333-4444-555555555555").endMetadata().build());

        ClusterEvent event = facts(upserted(Samples.greeterEvent("BackOff"))).get(0);

        assertThat(event.owners()).isEmpty();
    }

    @Test
    void shouldLeaveOwnersEmptyWhenPodIsNotCachedYet() {
        ClusterEvent event = facts(upserted(Samples.greeterEvent("BackOff"))).get(0);

        assertThat(event.owners()).isEmpty();
        assertThat(event.eventUid()).isEqualTo(Samples.BACKOFF_EVENT_UID);
    }

    private void cache(HasMetadata object) {
        cache.put(object.getKind() + "/" + object.getMetadata().getName(), object);
    }

    private static Observed upserted(HasMetadata object) {
        return new Observed.Upserted(WatchedKind.fromKind(object.getKind()).orElseThrow(), object);
    }

    private List<Outgoing> normalized(HasMetadata object) {
        return normalizer.normalize(upserted(object), NOW);
    }

    private List<ClusterEvent> facts(Observed observed) {
        return normalizer.normalize(observed, NOW).stream()
                .filter(Outgoing.Fact.class::isInstance).map(o -> ((Outgoing.Fact) o).event()).toList();
    }

    private List<ObjectSnapshot> snapshots(List<Outgoing> outgoing) {
        return outgoing.stream()
                .filter(Outgoing.Snapshot.class::isInstance).map(o -> ((Outgoing.Snapshot) o).snapshot()).toList();
    }

    private static <T extends HasMetadata> T sample(Class<T> type, String name) {
        return Samples.crashloopGreeter().stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static ContainerStatus greeter() {
        return Samples.greeterPod().getStatus().getContainerStatuses().get(0);
    }

    private static Pod withGreeter(ContainerStatus status) {
        return new PodBuilder(Samples.greeterPod()).editStatus().withContainerStatuses(status).endStatus().build();
    }
}
