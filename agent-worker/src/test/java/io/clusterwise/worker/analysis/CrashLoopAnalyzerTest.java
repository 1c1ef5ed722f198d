package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.clusterwise.worker.Fixtures.BACKOFF_MESSAGE;
import static io.clusterwise.worker.Fixtures.GREETER_OWNERS;
import static io.clusterwise.worker.Fixtures.GREETER_POD;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.crashLoopingGreeter;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.Fixtures.greeterBackOff;
import static io.clusterwise.worker.Fixtures.greeterLifecycle;
import static io.clusterwise.worker.Fixtures.greeterReady;
import static io.clusterwise.worker.Fixtures.status;
import static io.clusterwise.worker.Fixtures.terminated;
import static org.assertj.core.api.Assertions.assertThat;

class CrashLoopAnalyzerTest {

    private final Analysis analysis = new Analysis(List.of(new CrashLoopAnalyzer()));

    @Test
    void shouldReportOneCriticalFindingWithExitCodeWhenBackOffAndStatusShowACrashLoop() {
        List<Finding> findings = analysis.findings(crashLoopingGreeter());

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("CrashLoopBackOff");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.object()).isEqualTo(GREETER_POD);
            assertThat(f.reason()).isEqualTo("CrashLoopBackOff");
            assertThat(f.summary()).isEqualTo("Pod demo/greeter-8f2588814d-a31b9 is crash-looping (exit code 2)");
            assertThat(f.count()).isEqualTo(9);
            assertThat(f.firstSeen()).isEqualTo(T0.plusSeconds(3));
            assertThat(f.lastSeen()).isEqualTo(T0.plus(Duration.ofMinutes(58)).plusSeconds(21));
            assertThat(f.evidenceIds()).containsExactlyInAnyOrder("ac762497-7803-86a4-f611-2bc6efecf0ca",
                    "pod-status/5cda4217-829e-50d4-4539-3e3b04424452/greeter");
        });
    }

    @Test
    void shouldReportFromTheKubeletBackOffEventAloneWhenNoStatusRecordArrived() {
        List<ClusterEvent> events = new ArrayList<>(greeterLifecycle());
        events.add(greeterBackOff(4, T0.plusSeconds(300)));

        assertThat(analysis.findings(events)).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("BackOff");
            assertThat(f.summary()).isEqualTo("Pod demo/greeter-8f2588814d-a31b9 is crash-looping");
            assertThat(f.count()).isEqualTo(4);
        });
    }

    @Test
    void shouldNameTheTerminationReasonWhenItIsNotAPlainError() {
        ClusterEvent oomLoop = status(GREETER_POD, GREETER_OWNERS,
                terminated("greeter", "CrashLoopBackOff", "OOMKilled", 137, T0.plusSeconds(50), 3), "CrashLoopBackOff",
                "container greeter is waiting: CrashLoopBackOff (back-off 40s restarting failed container=greeter "
                        + "pod=greeter-8f2588814d-a31b9_demo(5cda4217)); last terminated: OOMKilled, exit code 137 at "
                        + "2026-11-20T09:00:50Z; restarts: 3", EventType.Warning, T0, T0.plusSeconds(90));

        assertThat(analysis.findings(List.of(oomLoop))).singleElement().extracting(Finding::summary)
                .isEqualTo("Pod demo/greeter-8f2588814d-a31b9 is crash-looping (OOMKilled, exit code 137)");
    }

    @Test
    void shouldReportNothingWhenTheContainerBecameReadyAfterTheLastBackOff() {
        List<ClusterEvent> events = new ArrayList<>(crashLoopingGreeter());
        events.add(greeterReady(T0.plus(Duration.ofMinutes(59))));

        assertThat(analysis.findings(events)).isEmpty();
    }

    @Test
    void shouldStillReportWhenTheBackOffCameAfterAShortReadySpell() {
        List<ClusterEvent> events = new ArrayList<>(greeterLifecycle());
        events.add(greeterReady(T0.plusSeconds(10)));
        events.add(greeterBackOff(5, T0.plusSeconds(400)));

        assertThat(analysis.findings(events)).hasSize(1);
    }

    @Test
    void shouldIgnoreBackOffEventsThatAreAboutPullingImages() {
        ClusterEvent pullBackOff = event("e1", GREETER_POD, GREETER_OWNERS, "BackOff",
                "Back-off pulling image \"ghcr.io/example/greeter:0a1b2c3\"", EventType.Normal, 3, T0, T0, "kubelet");

        assertThat(analysis.findings(List.of(pullBackOff))).isEmpty();
    }

    @Test
    void shouldReportNothingWhenOnlyNormalLifecycleEventsArePresent() {
        assertThat(analysis.findings(greeterLifecycle())).isEmpty();
        assertThat(BACKOFF_MESSAGE).startsWith("Back-off restarting failed container");
    }
}
