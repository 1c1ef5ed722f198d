package io.clusterwise.gateway.models;

import io.clusterwise.contracts.ModelStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict of {@code GET /api/models} from the reports in the book, with the clock held by the test. */
class ModelsViewTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(2);

    private final ModelStatusBook book = new ModelStatusBook(MAX_AGE, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldTakeTheFreshestReportWhenWorkersAgree() {
        put(status("a", ModelStatus.State.FAILING, NOW.minusSeconds(50), "the model timed out twice"));
        put(status("b", ModelStatus.State.FAILING, NOW.minusSeconds(10), "the model timed out once"));

        ModelsView view = ModelsView.of(book.snapshot(), MAX_AGE);

        assertThat(view.state()).isEqualTo("FAILING");
        assertThat(view.detail()).isEqualTo("the model timed out once");
        assertThat(view.checkedAt()).isEqualTo(NOW.minusSeconds(10));
        assertThat(view.workers()).extracting(ModelStatus::workerId).containsExactly("b", "a");
    }

    @Test
    void shouldStateTheFreshestOfTheBestWhenWorkersDisagree() {
        put(status("unreachable", ModelStatus.State.UNREACHABLE, NOW.minusSeconds(1), "Ollama does not answer"));
        put(status("ready-old", ModelStatus.State.READY, NOW.minusSeconds(90), null));
        put(status("ready-new", ModelStatus.State.READY, NOW.minusSeconds(30), null));
        put(status("not-pulled", ModelStatus.State.NOT_PULLED, NOW.minusSeconds(5), "mistral is not pulled"));

        ModelsView view = ModelsView.of(book.snapshot(), MAX_AGE);

        assertThat(view.state()).isEqualTo("READY");
        assertThat(view.checkedAt()).isEqualTo(NOW.minusSeconds(30));
        assertThat(view.workers()).extracting(ModelStatus::workerId)
                .containsExactly("unreachable", "not-pulled", "ready-new", "ready-old");
    }

    @Test
    void shouldIgnoreAReportWhenItIsOlderThanTheMaximumAge() {
        put(status("old", ModelStatus.State.READY, NOW.minus(MAX_AGE).minusMillis(1), null));
        put(status("edge", ModelStatus.State.NOT_PULLED, NOW.minus(MAX_AGE), "mistral is not pulled"));

        ModelsView view = ModelsView.of(book.snapshot(), MAX_AGE);

        assertThat(view.state()).isEqualTo("NOT_PULLED");
        assertThat(view.workers()).extracting(ModelStatus::workerId).containsExactly("edge");
    }

    @Test
    void shouldUseTheRecordTimeWhenAReportHasNoCheckTime() {
        book.put("no-time", status("no-time", ModelStatus.State.READY, null, null), NOW.minus(Duration.ofHours(1)));

        ModelsView view = ModelsView.of(book.snapshot(), MAX_AGE);

        assertThat(view.state()).isEqualTo(ModelsView.UNKNOWN);
        assertThat(view.detail()).endsWith("the latest report is from " + NOW.minus(Duration.ofHours(1)));
        assertThat(view.action()).isEqualTo(ModelsView.START_A_WORKER);
    }

    private void put(ModelStatus status) {
        book.put(status.workerId(), status, NOW);
    }

    private static ModelStatus status(String workerId, ModelStatus.State state, Instant checkedAt, String detail) {
        return new ModelStatus(workerId, "http://ollama:11434", "mistral", state, List.of(), true, null, detail,
                null, checkedAt, null);
    }
}
