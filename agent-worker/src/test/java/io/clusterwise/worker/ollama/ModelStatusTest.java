package io.clusterwise.worker.ollama;

import io.clusterwise.contracts.ModelStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict of {@code agent.models} from what Ollama said and how the last answer went. */
class ModelStatusTest {

    private static final String URL = "http://ollama:11434";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final ModelStatusPublisher.Identity WORKER =
            new ModelStatusPublisher.Identity("worker-1", "it", URL, "mistral");
    private static final ModelCheck.Seen PULLED = new ModelCheck.Seen(
            List.of(new ModelStatus.Available("mistral:latest", 4_000_000_000L, NOW)), true, true, null);

    private final FailureNotice notices = new FailureNotice(URL, "mistral", Duration.ofSeconds(60));

    private ModelStatus status(ModelCheck.Seen seen, LastAnswer.Outcome outcome) {
        return ModelStatusPublisher.status(WORKER, notices, seen, outcome, NOW);
    }

    @Test
    void shouldNameTheSettingToRaiseWhenTheLastAnswerMissedTheDeadline() {
        ModelStatus s = status(PULLED, new LastAnswer.Outcome(false,
                "the model did not finish within PT1M (clusterwise.worker.answer-deadline)", NOW.minusSeconds(60)));

        assertThat(s.state()).isEqualTo(ModelStatus.State.FAILING);
        assertThat(s.detail()).isEqualTo("the model did not finish within PT1M (clusterwise.worker.answer-deadline)");
        assertThat(s.action()).isEqualTo("raise clusterwise.worker.answer-deadline, or use a smaller model");
        assertThat(s.lastAnswerAt()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void shouldSayAskAgainWhenTheLastAnswersCauseIsGone() {
        ModelStatus s = status(PULLED, new LastAnswer.Outcome(false,
                notices.of(new java.net.ConnectException("Connection refused")), null));

        assertThat(s.state()).isEqualTo(ModelStatus.State.FAILING);
        assertThat(s.detail()).startsWith("Ollama is unreachable at " + URL);
        assertThat(s.action()).isEqualTo("ask again: Ollama at " + URL + " answers now and has model 'mistral'");
    }

    @Test
    void shouldPutUnreachableBeforeTheLastAnswerWhenOllamaDoesNotAnswer() {
        ModelStatus s = status(new ModelCheck.Seen(List.of(), false, false, "Ollama is unreachable at " + URL
                + " (connection refused: is `ollama serve` running?)"), new LastAnswer.Outcome(true, null, NOW));

        assertThat(s.state()).isEqualTo(ModelStatus.State.UNREACHABLE);
        assertThat(s.usable()).isFalse();
        assertThat(s.answering()).isTrue();
        assertThat(s.action()).isEqualTo("start Ollama (`ollama serve`) at " + URL
                + ", or set clusterwise.worker.ollama.base-url to where it runs");
    }

    @Test
    void shouldPublishOnlyWhenTheOutcomeChangesWhenAnswersAreReported() {
        LastAnswer last = new LastAnswer();
        AtomicInteger changes = new AtomicInteger();
        last.onChange(changes::incrementAndGet);

        last.answered(NOW);
        last.answered(NOW.plusSeconds(1));
        last.failed("Ollama at " + URL + " answered HTTP 503: server busy");
        last.failed("Ollama at " + URL + " answered HTTP 503: server busy");
        last.failed("the model failed while answering: out of memory");
        last.answered(NOW.plusSeconds(3));

        assertThat(changes).hasValue(4);
        assertThat(last.outcome()).isEqualTo(new LastAnswer.Outcome(true, null, NOW.plusSeconds(3)));
    }
}
