package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.worker.analysis.Analysis;
import io.clusterwise.worker.context.AnswerContext;
import io.clusterwise.worker.context.ContextBuilder;
import io.clusterwise.worker.diagnosis.Diagnosis;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.logs.ContainerLogStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.clusterwise.worker.Fixtures.GREETER_POD_UID;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.crashLoopingGreeter;
import static io.clusterwise.worker.Fixtures.greeterLog;
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
    void shouldListTheLastLogLinesUnderTheirEvidenceIdWhenTheContextCitesThem() {
        Instant now = T0.plus(Duration.ofHours(1));
        ContainerLogStore logs = new ContainerLogStore(10, 30, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
        logs.put(GREETER_POD_UID, greeterLog(9, T0.plusSeconds(3500)), now);
        List<ClusterEvent> window = new ArrayList<>(crashLoopingGreeter());
        List<Incident> incidents = Diagnosis.standard().incidents(window, List.of(), logs.excerpts(), now);
        window.addAll(logs.excerpts());
        AnswerContext context = new ContextBuilder(4096).build("why is greeter crashing?", window,
                incidents.stream().map(Incident::finding).toList());

        String text = FindingsOnlyAnswer.text("Ollama is unreachable at http://localhost:11434", context);

        assertThat(text).contains("[E1][E2]").endsWith("""
                Last log lines:
                [E1] Pod/demo/greeter-8f2588814d-a31b9: last 3 lines of container greeter, restart 9, exit code 2
                    2026-11-20T09:04:50.912Z INFO  greeter starting on :8080
                    2026-11-20T09:04:51.007Z ERROR config: required key GREETING_TEMPLATE missing
                    2026-11-20T09:04:51.008Z FATAL exiting: invalid configuration""");
    }

    @Test
    void shouldSayNoProblemsWereFoundWhenTheAnalyzersFoundNone() {
        String text = FindingsOnlyAnswer.text("Ollama is unreachable at http://localhost:11434",
                context(healthyCoreDns(), "is coredns ok?"));

        assertThat(text).endsWith("No problems were found in the recent events (2 events in the window).");
    }
}
