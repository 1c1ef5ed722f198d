package io.clusterwise.worker.context;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.worker.analysis.Analysis;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.clusterwise.worker.Fixtures.COREDNS_POD;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.crashLoopingGreeter;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.Fixtures.healthyCoreDns;
import static org.assertj.core.api.Assertions.assertThat;

class EvidenceSelectorTest {

    private static final ObjectRef API = new ObjectRef("Pod", "shop", "api-7f9c8d6b5-m3n4b", "9a8b7c6d");
    private final EvidenceSelector selector = new EvidenceSelector();
    private final List<ClusterEvent> window = new ArrayList<>();

    EvidenceSelectorTest() {
        window.addAll(crashLoopingGreeter());
        window.addAll(healthyCoreDns());
        window.add(event("ev-api", API, List.of(), "Unhealthy", "Readiness probe failed: HTTP probe failed with "
                + "statuscode: 503", EventType.Warning, 4, T0, T0.plusSeconds(30), "kubelet"));
    }

    private Selection select(String question) {
        List<Finding> findings = Analysis.standard().findings(window);
        return selector.select(question, window, findings);
    }

    @Test
    void shouldSelectThePodsEventsWhenTheQuestionNamesItsAppByPrefix() {
        Selection s = select("Why is greeter crashing?");

        assertThat(s.events()).allSatisfy(e -> assertThat(e.involvedObject().name()).startsWith("greeter-"));
        assertThat(s.events()).hasSize(6);
        assertThat(s.findings()).extracting(Finding::analyzer).containsExactly("CrashLoopBackOff");
    }

    @Test
    void shouldPutTheFindingsEvidenceFirstThenWarningsThenNormalsNewestFirst() {
        Selection s = select("what happened to greeter-8f2588814d-a31b9?");

        assertThat(s.events()).extracting(ClusterEvent::reason)
                .containsExactly("CrashLoopBackOff", "BackOff", "Pulled", "Created", "Started", "Scheduled");
    }

    @Test
    void shouldSelectANamespaceWhenTheQuestionNamesIt() {
        Selection s = select("anything odd in kube-system?");

        assertThat(s.events()).extracting(e -> e.involvedObject().name()).containsOnly(COREDNS_POD.name());
        assertThat(s.findings()).isEmpty();
    }

    @Test
    void shouldSelectByReasonWhenNoObjectIsNamed() {
        Selection s = select("are any probes failing?");

        assertThat(s.events()).extracting(ClusterEvent::eventUid).containsExactly("ev-api");
    }

    @Test
    void shouldFallBackToRecentWarningsWhenNothingMatches() {
        Selection s = select("is everything ok?");

        assertThat(s.events()).allSatisfy(e -> assertThat(e.isWarning()).isTrue());
        assertThat(s.findings()).extracting(Finding::analyzer).containsExactly("CrashLoopBackOff", "Unhealthy");
        assertThat(s.events().get(0).reason()).isEqualTo("CrashLoopBackOff");
    }

    @Test
    void shouldMatchThroughTheOwnerDeploymentName() {
        Selection s = select("why is the greeter deployment unavailable");

        assertThat(s.events()).isNotEmpty().allSatisfy(e -> assertThat(e.owners())
                .anySatisfy(o -> assertThat(o.name()).isEqualTo("greeter")));
    }
}
