package io.clusterwise.ingest.logs;

import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.ingest.Samples;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTriggerTest {

    private static final ObjectRef GREETER = new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9",
            Samples.GREETER_POD_UID);

    @Test
    void shouldReadThePreviousRunWhenContainerWaitsInCrashLoopBackOff() {
        assertThat(LogTrigger.of(Samples.greeterPod()))
                .containsExactly(new LogRead(GREETER, "greeter", 9, "Error", 2, true));
    }

    @Test
    void shouldReadTheSameRunOnceWhenTheRestartedContainerIsAlreadyRunning() {
        ContainerStatus backOff = status().withRestartCount(4).withNewState().withNewWaiting()
                .withReason("CrashLoopBackOff").endWaiting().endState().withNewLastState().withNewTerminated()
                .withExitCode(137).withReason("OOMKilled").endTerminated().endLastState().build();
        ContainerStatus running = new ContainerStatusBuilder(backOff).withRestartCount(5).withNewState()
                .withNewRunning().withStartedAt("2026-11-20T10:00:00Z").endRunning().endState().build();

        assertThat(LogTrigger.of(pod(backOff))).containsExactly(new LogRead(GREETER, "greeter", 4, "OOMKilled", 137, true));
        assertThat(LogTrigger.of(pod(running))).as("the run that ended is the one before the running one")
                .containsExactly(new LogRead(GREETER, "greeter", 4, "OOMKilled", 137, true));
    }

    @Test
    void shouldReadTheCurrentRunWhenTheContainerIsTerminatedAndNotRestarted() {
        ContainerStatus failedJob = status().withRestartCount(0).withNewState().withNewTerminated().withExitCode(1)
                .withReason("Error").endTerminated().endState().build();

        assertThat(LogTrigger.of(pod(failedJob))).containsExactly(new LogRead(GREETER, "greeter", 0, "Error", 1, false));
    }

    @Test
    void shouldReadWithCrashLoopReasonWhenTheRunsExitedZeroButTheContainerCrashLoops() {
        ContainerStatus exitsZero = status().withRestartCount(3).withNewState().withNewWaiting()
                .withReason("CrashLoopBackOff").endWaiting().endState().withNewLastState().withNewTerminated()
                .withExitCode(0).withReason("Completed").endTerminated().endLastState().build();

        assertThat(LogTrigger.of(pod(exitsZero)))
                .containsExactly(new LogRead(GREETER, "greeter", 3, "CrashLoopBackOff", 0, true));
    }

    @Test
    void shouldReadTheInitContainerWhenItIsTheOneThatFails() {
        ContainerStatus init = status().withName("migrate").withRestartCount(2).withNewState().withNewWaiting()
                .withReason("CrashLoopBackOff").endWaiting().endState().withNewLastState().withNewTerminated()
                .withExitCode(1).endTerminated().endLastState().build();
        Pod pod = new PodBuilder(Samples.greeterPod()).editStatus().withInitContainerStatuses(init)
                .withContainerStatuses(status().withNewState().withNewWaiting().withReason("PodInitializing")
                        .endWaiting().endState().build()).endStatus().build();

        assertThat(LogTrigger.of(pod)).containsExactly(new LogRead(GREETER, "migrate", 2, "Error", 1, true));
    }

    @Test
    void shouldReadNothingWhenThereIsNoFailedRunOrTheContainerRecoveredOrThePodIsBeingDeleted() {
        ContainerStatus readyAfterCrash = status().withReady(true).withRestartCount(1).withNewState().withNewRunning()
                .endRunning().endState().withNewLastState().withNewTerminated().withExitCode(1).endTerminated()
                .endLastState().build();
        ContainerStatus pulling = status().withNewState().withNewWaiting().withReason("ImagePullBackOff").endWaiting()
                .endState().build();
        ContainerStatus completed = status().withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                .endTerminated().endState().build();
        ContainerStatus starting = status().withNewState().withNewRunning().endRunning().endState().build();
        Pod deleting = new PodBuilder(Samples.greeterPod()).editMetadata()
                .withDeletionTimestamp("2026-11-20T10:00:00Z").endMetadata().build();

        assertThat(LogTrigger.of(pod(readyAfterCrash))).isEmpty();
        assertThat(LogTrigger.of(pod(pulling))).isEmpty();
        assertThat(LogTrigger.of(pod(completed))).isEmpty();
        assertThat(LogTrigger.of(pod(starting))).isEmpty();
        assertThat(LogTrigger.of(deleting)).isEmpty();
    }

    private static ContainerStatusBuilder status() {
        return new ContainerStatusBuilder().withName("greeter").withReady(false).withRestartCount(0);
    }

    private static Pod pod(ContainerStatus status) {
        return new PodBuilder(Samples.greeterPod()).editStatus().withContainerStatuses(status).endStatus().build();
    }
}
