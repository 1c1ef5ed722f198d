package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.Fixtures.status;
import static io.clusterwise.worker.Fixtures.terminated;
import static org.assertj.core.api.Assertions.assertThat;

class OomKilledAnalyzerTest {

    private static final ObjectRef CACHE = new ObjectRef("Pod", "shop", "cache-6d8f7b9c5-q2w4e",
            "3f6a1b2c-9d8e-4f7a-b6c5-d4e3f2a1b0c9");
    private final Analysis analysis = new Analysis(List.of(new OomKilledAnalyzer()));

    @Test
    void shouldReportACriticalFindingWhenAStatusRecordSaysOomKilled() {
        ClusterEvent killed = status(CACHE, List.of(), terminated("redis", null, "OOMKilled", 137, T0, 4), "OOMKilled",
                "container redis is running but not ready (started at 2026-11-20T09:00:02Z); last terminated: "
                        + "OOMKilled, exit code 137 at 2026-11-20T09:00:00Z; restarts: 4",
                EventType.Warning, T0, T0.plusSeconds(60));

        assertThat(analysis.findings(List.of(killed))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.summary()).startsWith("Pod shop/cache-6d8f7b9c5-q2w4e was OOM-killed (exit code 137)");
            assertThat(f.count()).isEqualTo(4);
        });
    }

    @Test
    void shouldReportWhenACrashLoopStatusNamesOomKilledAsTheLastTermination() {
        ClusterEvent loop = status(CACHE, List.of(), terminated("redis", "CrashLoopBackOff", "OOMKilled", 137, T0, 5),
                "CrashLoopBackOff", "container redis is waiting: CrashLoopBackOff (back-off 1m20s restarting failed "
                        + "container=redis pod=cache-6d8f7b9c5-q2w4e_shop(3f6a1b2c)); last terminated: OOMKilled, "
                        + "exit code 137 at 2026-11-20T09:00:00Z; restarts: 5", EventType.Warning, T0,
                T0.plusSeconds(200));

        assertThat(analysis.findings(List.of(loop))).extracting(Finding::analyzer).containsExactly("OOMKilled");
    }

    /** The message is for people: the finding must come from the container facts alone. */
    @Test
    void shouldReportOomKilledWithExitCode137WhenOnlyTheContainerFactsSaySo() {
        ClusterEvent loop = status(CACHE, List.of(), terminated("redis", "CrashLoopBackOff", "OOMKilled", 137, T0, 5),
                "CrashLoopBackOff", "container redis keeps restarting", EventType.Warning, T0, T0.plusSeconds(200));
        assertThat(loop.message()).doesNotContain("OOMKilled").doesNotContain("137");

        List<Finding> findings = Analysis.standard().findings(List.of(loop));

        assertThat(findings).extracting(Finding::analyzer).containsExactlyInAnyOrder("OOMKilled", "CrashLoopBackOff");
        assertThat(findings).extracting(Finding::summary).containsExactlyInAnyOrder(
                "Pod shop/cache-6d8f7b9c5-q2w4e was OOM-killed (exit code 137): a container used more memory than "
                        + "its limit",
                "Pod shop/cache-6d8f7b9c5-q2w4e is crash-looping (OOMKilled, exit code 137)");
    }

    @Test
    void shouldReportTheKernelOomEventOnANode() {
        ObjectRef node = new ObjectRef("Node", null, "worker-1", "f26ba5fe-fe63-8897-d067-bfdc2a1d5905");
        ClusterEvent kernel = event("oom-1", node, List.of(), "OOMKilling",
                "Memory cgroup out of memory: Killed process 4242 (java) total-vm:4318180kB, anon-rss:2097152kB",
                EventType.Warning, 1, T0, T0, "kernel-monitor");

        assertThat(analysis.findings(List.of(kernel))).singleElement()
                .satisfies(f -> assertThat(f.object().path()).isEqualTo("Node/worker-1"));
    }

    @Test
    void shouldReportNothingForAnOrdinaryErrorExit() {
        ClusterEvent loop = status(CACHE, List.of(), terminated("redis", "CrashLoopBackOff", "Error", 1, T0, 1),
                "CrashLoopBackOff", "container redis is waiting: CrashLoopBackOff (back-off 10s restarting failed "
                        + "container=redis); last terminated: Error, exit code 1 at 2026-11-20T09:00:00Z; restarts: 1",
                EventType.Warning, T0, T0);

        assertThat(analysis.findings(List.of(loop))).isEmpty();
    }

    @Test
    void shouldReportNothingWhenTheContainerIsReadyAgainAfterAnOldOomKill() {
        ClusterEvent ready = status(CACHE, List.of(),
                new ClusterEvent.ContainerFacts("redis", null, "OOMKilled", 137, T0, 4, true), "ContainerReady",
                "container redis is ready; restarts: 4", EventType.Normal, T0.plusSeconds(30), T0.plusSeconds(30));

        assertThat(analysis.findings(List.of(ready))).isEmpty();
    }
}
