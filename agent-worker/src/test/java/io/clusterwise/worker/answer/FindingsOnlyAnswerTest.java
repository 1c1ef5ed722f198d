package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.worker.analysis.Analysis;
import io.clusterwise.worker.context.AnswerContext;
import io.clusterwise.worker.context.ContextBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.crashLoopingGreeter;
import static io.clusterwise.worker.Fixtures.healthyCoreDns;
import static org.assertj.core.api.Assertions.assertThat;

class FindingsOnlyAnswerTest {

    private static AnswerContext context(List<ClusterEvent> window, String question) {
        return new ContextBuilder(4096).build(question, window, Analysis.standard().findings(window));
    }

    @Test
    void shouldSayWhyAndListEachFindingWithPathReasonCountAndCitationsWhenThereAreFindings() {
        String text = FindingsOnlyAnswer.text("model 'mistral' is not pulled on http://localhost:11434 — run "
                + "`ollama pull mistral`", context(crashLoopingGreeter(), "why is greeter crashing?"));

        assertThat(text).startsWith("The model was unavailable, so this answer shows only what clusterwise's "
                + "analyzers found. Reason: model 'mistral' is not pulled on http://localhost:11434 — run "
                + "`ollama pull mistral`.");
        assertThat(text).contains("- [critical] Pod/demo/greeter-8f2588814d-a31b9: CrashLoopBackOff — Pod "
                + "demo/greeter-8f2588814d-a31b9 is crash-looping (exit code 2); seen 9 times, last at "
                + "2026-11-20T09:58:21Z [E1][E2]");
    }

    @Test
    void shouldSayNoProblemsWereFoundWhenTheAnalyzersFoundNone() {
        String text = FindingsOnlyAnswer.text("Ollama is unreachable at http://localhost:11434",
                context(healthyCoreDns(), "is coredns ok?"));

        assertThat(text).endsWith("No problems were found in the recent events (2 events in the window).");
    }
}
