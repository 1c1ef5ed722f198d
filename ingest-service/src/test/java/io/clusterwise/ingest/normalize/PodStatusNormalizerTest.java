package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.ingest.Samples;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PodStatusNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final String CONTAINER_UID = "pod-status/" + Samples.GREETER_POD_UID + "/greeter";

    private final PodStatusNormalizer normalizer = new PodStatusNormalizer();

    @Test
    void shouldReportCrashLoopWithLastExitCodeWhenGreeterContainerCrashLoops() {
        List<ClusterEvent> facts = normalizer.normalize(Samples.greeterPod(), NOW);

        assertThat(warnings(facts)).containsExactly(new ClusterEvent(CONTAINER_UID, ClusterEvent.Origin.POD_STATUS,
                new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9", Samples.GREETER_POD_UID),
                List.of(new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d", Samples.GREETER_REPLICASET_UID)),
                "CrashLoopBackOff",
                "container greeter is waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=greeter "
                        + "pod=greeter-8f2588814d-a31b9_demo(6687064e-585b-c4b3-0d7a-508b21e5b693)); "
                        + "last terminated: Error, exit code 2 at 2026-11-20T09:04:51Z; restarts: 9",
                EventType.Warning, 9, Instant.parse("2026-11-20T09:04:51Z"), Instant.parse("2026-11-20T09:04:51Z"),
                "clusterwise-ingest", null, new ClusterEvent.ContainerFacts("greeter", "CrashLoopBackOff", "Error", 2,
                Instant.parse("2026-11-20T09:04:51Z"), 9, false)));
    }

    @Test
    void shouldCarryStructuredFactsWhenGreeterContainerCrashLoops() {
        ClusterEvent fact = warnings(normalizer.normalize(Samples.greeterPod(), NOW)).get(0);

        assertThat(fact.container()).satisfies(c -> {
            assertThat(c.name()).isEqualTo("greeter");
            assertThat(c.waitingReason()).isEqualTo("CrashLoopBackOff");
            assertThat(c.lastTerminationReason()).isEqualTo("Error");
            assertThat(c.lastExitCode()).isEqualTo(2);
            assertThat(c.lastFinishedAt()).isEqualTo(Instant.parse("2026-11-20T09:04:51Z"));
            assertThat(c.restartCount()).isEqualTo(9);
            assertThat(c.ready()).isFalse();
        });
    }

    @Test
    void shouldNeverMentionEnvWhenPodCarriesPlainTextPassword() {
        assertThat(normalizer.normalize(Samples.greeterPod(), NOW))
                .allSatisfy(fact -> assertThat(fact.message()).doesNotContain(Samples.SEEDED_SECRET));
    }

    @Test
    void shouldReportOomKilledWhenContainerRestartedAfterOomAndIsNotReadyYet() {
        Pod pod = withContainer(new ContainerStatusBuilder(greeterStatus())
                .withReady(false).withRestartCount(3)
                .withNewState().withNewRunning().withStartedAt("2026-11-20T09:31:02Z").endRunning().endState()
                .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                .withStartedAt("2026-11-20T09:20:00Z").withFinishedAt("2026-11-20T09:31:00Z").endTerminated()
                .endLastState().build());

        ClusterEvent fact = warnings(normalizer.normalize(pod, NOW)).get(0);

        assertThat(fact.reason()).isEqualTo("OOMKilled");
        assertThat(fact.message()).isEqualTo("container greeter is running but not ready (started at 2026-11-20T09:31:02Z); "
                + "last terminated: OOMKilled, exit code 137 at 2026-11-20T09:31:00Z; restarts: 3");
        assertThat(fact.count()).isEqualTo(3);
        assertThat(fact.firstSeen()).isEqualTo(Instant.parse("2026-11-20T09:31:00Z"));
        assertThat(fact.lastSeen()).isEqualTo(Instant.parse("2026-11-20T09:31:02Z"));
        assertThat(fact.container()).isEqualTo(new ClusterEvent.ContainerFacts("greeter", null, "OOMKilled", 137,
                Instant.parse("2026-11-20T09:31:00Z"), 3, false));
    }

    @Test
    void shouldTakeTheCurrentTerminationAsTheLastWhenContainerIsTerminatedNow() {
        Pod pod = withContainer(new ContainerStatusBuilder(greeterStatus())
                .withReady(false).withRestartCount(1)
                .withNewState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                .withFinishedAt("2026-11-20T09:50:00Z").endTerminated().endState()
                .build());

        ClusterEvent fact = warnings(normalizer.normalize(pod, NOW)).get(0);

        assertThat(fact.reason()).isEqualTo("OOMKilled");
        assertThat(fact.container().waitingReason()).isNull();
        assertThat(fact.container().lastTerminationReason()).isEqualTo("OOMKilled");
        assertThat(fact.container().lastExitCode()).isEqualTo(137);
        assertThat(fact.container().lastFinishedAt()).isEqualTo(Instant.parse("2026-11-20T09:50:00Z"));
    }

    @Test
    void shouldReportCompletedNotAProblemWhenJobContainerSucceededAfterEarlierFailure() {
        // restartPolicy OnFailure: the first run failed, the second exited 0 and the pod Succeeded
        Pod pod = new PodBuilder(withContainer(new ContainerStatusBuilder(greeterStatus())
                .withReady(false).withStarted(false).withRestartCount(1)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                .withFinishedAt("2026-11-20T09:50:00Z").endTerminated().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt("2026-11-20T09:45:00Z").endTerminated().endLastState().build()))
                .editStatus().withPhase("Succeeded").endStatus().build();

        List<ClusterEvent> facts = normalizer.normalize(pod, NOW);

        assertThat(warnings(facts)).isEmpty();
        assertThat(facts).filteredOn(f -> f.eventUid().equals(CONTAINER_UID)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(EventType.Normal);
            assertThat(f.reason()).isEqualTo("ContainerReady");
            assertThat(f.message()).isEqualTo("container greeter completed; restarts: 1");
            assertThat(f.container().lastTerminationReason()).isEqualTo("Completed");
            assertThat(f.container().lastExitCode()).isZero();
        });
    }

    @Test
    void shouldReportNothingForContainerWhenItJustExitedZeroAfterEarlierFailureAndWillRestart() {
        Pod pod = withContainer(new ContainerStatusBuilder(greeterStatus())
                .withReady(false).withRestartCount(4)
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                .withFinishedAt("2026-11-20T09:50:00Z").endTerminated().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt("2026-11-20T09:45:00Z").endTerminated().endLastState().build());

        assertThat(normalizer.normalize(pod, NOW)).extracting(ClusterEvent::eventUid).doesNotContain(CONTAINER_UID);
    }

    @Test
    void shouldKeepWaitingReasonAndMentionOomWhenCrashLoopFollowsOomKill() {
        Pod pod = withContainer(new ContainerStatusBuilder(greeterStatus())
                .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                .withFinishedAt("2026-11-20T09:31:00Z").endTerminated().endLastState().build());

        ClusterEvent fact = warnings(normalizer.normalize(pod, NOW)).get(0);

        assertThat(fact.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(fact.message()).contains("last terminated: OOMKilled, exit code 137 at 2026-11-20T09:31:00Z");
    }

    @Test
    void shouldReportPullFailureAtNowWhenImageCannotBePulled() {
        Pod pod = withContainer(new ContainerStatusBuilder()
                .withName("greeter").withImage("ghcr.io/example/greeter:does-not-exist").withReady(false)
                .withRestartCount(0).withStarted(false)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"ghcr.io/example/greeter:does-not-exist\"").endWaiting().endState()
                .build());

        ClusterEvent fact = warnings(normalizer.normalize(pod, NOW)).get(0);

        assertThat(fact.reason()).isEqualTo("ImagePullBackOff");
        assertThat(fact.message()).isEqualTo("container greeter is waiting: ImagePullBackOff "
                + "(Back-off pulling image \"ghcr.io/example/greeter:does-not-exist\"); restarts: 0");
        assertThat(fact.container()).isEqualTo(new ClusterEvent.ContainerFacts("greeter", "ImagePullBackOff", null,
                null, null, 0, false));
        assertThat(fact.count()).isEqualTo(1);
        assertThat(fact.firstSeen()).isEqualTo(NOW);
        assertThat(fact.lastSeen()).isEqualTo(NOW);
    }

    @Test
    void shouldReportNothingForContainerWhenItIsStillBeingCreated() {
        Pod pod = withContainer(new ContainerStatusBuilder().withName("greeter").withReady(false).withRestartCount(0)
                .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState().build());

        assertThat(normalizer.normalize(pod, NOW)).extracting(ClusterEvent::eventUid).doesNotContain(CONTAINER_UID);
    }

    @Test
    void shouldReportContainerReadyWhenContainerIsReady() {
        Pod pod = withContainer(new ContainerStatusBuilder(greeterStatus()).withReady(true).withRestartCount(10)
                .withNewState().withNewRunning().withStartedAt("2026-11-20T10:05:00Z").endRunning().endState().build());

        ClusterEvent fact = normalizer.normalize(pod, NOW).stream()
                .filter(f -> f.eventUid().equals(CONTAINER_UID)).findFirst().orElseThrow();

        assertThat(fact.type()).isEqualTo(EventType.Normal);
        assertThat(fact.reason()).isEqualTo("ContainerReady");
        assertThat(fact.message()).isEqualTo("container greeter is ready; restarts: 10");
        assertThat(fact.lastSeen()).isEqualTo(Instant.parse("2026-11-20T10:05:00Z"));
        assertThat(fact.container().ready()).isTrue();
        assertThat(fact.container().waitingReason()).isNull();
        assertThat(fact.container().restartCount()).isEqualTo(10);
    }

    @Test
    void shouldReportInitContainerWhenInitContainerCrashLoops() {
        Pod pod = new PodBuilder(Samples.greeterPod()).editStatus().withPhase("Pending")
                .withInitContainerStatuses(new ContainerStatusBuilder().withName("migrate-db").withReady(false)
                        .withRestartCount(4)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off 1m20s restarting failed container=migrate-db").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                        .withFinishedAt("2026-11-20T09:02:00Z").endTerminated().endLastState().build())
                .endStatus().build();

        assertThat(warnings(normalizer.normalize(pod, NOW)))
                .filteredOn(f -> f.eventUid().endsWith("/migrate-db")).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).startsWith("init container migrate-db is waiting: CrashLoopBackOff");
                    assertThat(f.container()).isEqualTo(new ClusterEvent.ContainerFacts("migrate-db",
                            "CrashLoopBackOff", "Error", 1, Instant.parse("2026-11-20T09:02:00Z"), 4, false));
                });
    }

    @Test
    void shouldReportUnschedulableWithSchedulerMessageWhenPodIsPendingUnscheduled() {
        Pod pod = new PodBuilder(Samples.greeterPod()).editSpec().withNodeName(null).endSpec()
                .editStatus().withPhase("Pending").withContainerStatuses().withConditions(new PodConditionBuilder()
                        .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage("0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are "
                                + "available: 2 No preemption victims found for incoming pod.")
                        .withLastTransitionTime("2026-11-20T09:40:00Z").build())
                .endStatus().build();

        assertThat(normalizer.normalize(pod, NOW)).singleElement().satisfies(fact -> {
            assertThat(fact.eventUid()).isEqualTo("pod-status/" + Samples.GREETER_POD_UID + "/scheduling");
            assertThat(fact.reason()).isEqualTo("Unschedulable");
            assertThat(fact.message()).startsWith("0/2 nodes are available: 2 Insufficient memory.");
            assertThat(fact.type()).isEqualTo(EventType.Warning);
            assertThat(fact.lastSeen()).isEqualTo(Instant.parse("2026-11-20T09:40:00Z"));
            assertThat(fact.container()).isNull();
        });
    }

    @Test
    void shouldReportNothingWhenPendingPodIsHeldBackBySchedulingGates() {
        Pod pod = new PodBuilder(Samples.greeterPod()).editSpec().withNodeName(null).endSpec()
                .editStatus().withPhase("Pending").withContainerStatuses().withConditions(new PodConditionBuilder()
                        .withType("PodScheduled").withStatus("False").withReason("SchedulingGated")
                        .withMessage("Scheduling is blocked due to non-empty scheduling gates")
                        .withLastTransitionTime("2026-11-20T09:40:00Z").build())
                .endStatus().build();

        assertThat(normalizer.normalize(pod, NOW)).isEmpty();
    }

    @Test
    void shouldReportNothingWhenPodIsBeingDeleted() {
        Pod pod = new PodBuilder(Samples.greeterPod()).editMetadata()
                .withDeletionTimestamp("2026-11-20T09:59:00Z").endMetadata().build();

        assertThat(normalizer.normalize(pod, NOW)).isEmpty();
    }

    private static List<ClusterEvent> warnings(List<ClusterEvent> facts) {
        return facts.stream().filter(ClusterEvent::isWarning).toList();
    }

    private static ContainerStatus greeterStatus() {
        return Samples.greeterPod().getStatus().getContainerStatuses().get(0);
    }

    private static Pod withContainer(ContainerStatus status) {
        return new PodBuilder(Samples.greeterPod()).editStatus().withContainerStatuses(status).endStatus().build();
    }
}
