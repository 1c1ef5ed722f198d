package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CrashLoopBackOff, OOMKilled, ImagePullBackOff and FailedScheduling read from pod state alone (no events).
 * Realistic {@code kubectl -o json} objects; healthy ones give no finding.
 */
class PodStateTest {

    @Test
    void shouldFindTheCrashLoopAndItsOomKillFromPodStateAlone() {
        ObjectSnapshot pod = Manifests.snapshot("crashloop-pod",
                Manifests.deploymentChain("queue", "worker", "worker-5f6d7c8b9"));

        assertThat(findings(pod)).extracting(Finding::analyzer, Finding::summary).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CrashLoopBackOff",
                        "Pod queue/worker-5f6d7c8b9-z1x2c is crash-looping (OOMKilled, exit code 137)"),
                org.assertj.core.groups.Tuple.tuple("OOMKilled",
                        "Pod queue/worker-5f6d7c8b9-z1x2c was OOM-killed (exit code 137): a container used more "
                                + "memory than its limit"));
    }

    @Test
    void shouldFindImagePullAndSchedulingProblemsFromPodState() {
        assertThat(findings(Manifests.snapshot("imagepull-pod"), Manifests.snapshot("unschedulable-pod")))
                .extracting(f -> f.analyzer() + " " + f.object().name())
                .containsExactlyInAnyOrder("ImagePullBackOff frontend-84c7d9b6f-p0o9i",
                        "FailedScheduling ml-trainer-0");
    }

    @Test
    void shouldFindNothingWhenAReadyContainerOnceWasOomKilled() {
        assertThat(findings(Manifests.snapshot("healthy-pod"))).isEmpty();
    }
}
