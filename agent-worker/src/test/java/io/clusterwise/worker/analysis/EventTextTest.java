package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.BACKOFF_MESSAGE;
import static io.clusterwise.worker.Fixtures.GREETER_POD;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.Fixtures.greeterBackOff;
import static io.clusterwise.worker.Fixtures.greeterCrashLoopStatus;
import static io.clusterwise.worker.Fixtures.status;
import static io.clusterwise.worker.Fixtures.terminated;
import static io.clusterwise.worker.Fixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status records are read through their container facts, never their message; Kubernetes' own Event messages are
 * read as text.
 */
class EventTextTest {

    @Test
    void shouldReadExitCodeReasonAndContainerFromContainerFactsWhenTheRecordIsAStatus() {
        ClusterEvent status = greeterCrashLoopStatus(T0.plusSeconds(600));

        assertThat(EventText.exitCode(List.of(status))).hasValue(2);
        assertThat(EventText.terminationReason(List.of(status))).hasValue("Error");
        assertThat(EventText.container(status)).hasValue("greeter");
    }

    @Test
    void shouldTrustContainerFactsWhenTheMessageSaysSomethingElse() {
        ClusterEvent status = status(GREETER_POD, List.of(),
                terminated("greeter", "CrashLoopBackOff", "OOMKilled", 137, T0, 5), "CrashLoopBackOff",
                "container web is waiting: CrashLoopBackOff; last terminated: Error, exit code 2; restarts: 5",
                EventType.Warning, T0, T0);

        assertThat(EventText.exitCode(List.of(status))).hasValue(137);
        assertThat(EventText.terminationReason(List.of(status))).hasValue("OOMKilled");
        assertThat(EventText.container(status)).hasValue("greeter");
        assertThat(EventText.lastTerminationIs(status, "OOMKilled")).isTrue();
    }

    @Test
    void shouldTakeReasonAndExitCodeFromTheNewestStatusThatTerminatedWhenNewerOnesNeverDid() {
        ClusterEvent pulling = status(GREETER_POD, List.of(), waiting("sidecar", "ImagePullBackOff", 0),
                "ImagePullBackOff", "container sidecar is waiting: ImagePullBackOff; restarts: 0", EventType.Warning,
                T0.plusSeconds(60), T0.plusSeconds(60));
        ClusterEvent crashed = greeterCrashLoopStatus(T0.plusSeconds(30));

        assertThat(EventText.exitCode(List.of(pulling, crashed))).hasValue(2);
        assertThat(EventText.terminationReason(List.of(pulling, crashed))).hasValue("Error");
    }

    @Test
    void shouldFindNoTerminationWhenTheContainerNeverTerminated() {
        List<ClusterEvent> e = List.of(status(GREETER_POD, List.of(), waiting("greeter", "CrashLoopBackOff", 1),
                "CrashLoopBackOff", "container greeter is waiting: CrashLoopBackOff; restarts: 1", EventType.Warning,
                T0, T0));

        assertThat(EventText.exitCode(e)).isEmpty();
        assertThat(EventText.terminationReason(e)).isEmpty();
    }

    @Test
    void shouldReadTheContainerFromTheKubeletMessageWhenTheRecordIsAnEvent() {
        ClusterEvent backOff = greeterBackOff(9, T0.plusSeconds(600));

        assertThat(BACKOFF_MESSAGE).contains("failed container greeter in pod");
        assertThat(EventText.container(backOff)).hasValue("greeter");
        assertThat(EventText.exitCode(List.of(backOff))).isEmpty();
        assertThat(EventText.terminationReason(List.of(backOff))).isEmpty();
    }

    @Test
    void shouldReadTheExitCodeFromAKubernetesEventMessageWhenNoStatusRecordStatesOne() {
        ObjectRef job = new ObjectRef("Job", "batch", "nightly-report", "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
        ClusterEvent failure = event("ev-pfp", job, List.of(), "PodFailurePolicy",
                "Container main for pod batch/nightly-report-x7k2p failed with exit code 42 matching FailJob rule "
                        + "at index 0", EventType.Warning, 1, T0, T0, "job-controller");

        assertThat(EventText.exitCode(List.of(failure))).hasValue(42);
    }
}
