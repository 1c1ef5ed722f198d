package io.clusterwise.worker.ollama;

import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.RunningOllamaModel;
import io.clusterwise.contracts.ModelStatus;
import io.clusterwise.worker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * Asks Ollama, through langchain4j's {@link OllamaModels}, which models it has pulled ({@code /api/tags}) and which it
 * has loaded in memory ({@code /api/ps}), and whether the configured model is among them (Ollama's {@code :latest}
 * rule, {@link #serves}). Waits at most ten seconds (or {@code ollama.timeout}) and never retries.
 */
final class ModelCheck {

    private static final Logger log = LoggerFactory.getLogger(ModelCheck.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    /**
     * What Ollama said.
     *
     * @param unreachable why Ollama could not be asked (a {@link FailureNotice}), or null when it answered
     */
    record Seen(List<ModelStatus.Available> available, boolean pulled, boolean loaded, String unreachable) {

        Seen {
            available = List.copyOf(available);
        }
    }

    private final String model;
    private final FailureNotice notices;
    private final OllamaModels models;

    ModelCheck(WorkerProperties.Ollama ollama, FailureNotice notices) {
        this.model = ollama.model();
        this.notices = notices;
        this.models = OllamaModels.builder().baseUrl(ollama.baseUrl())
                .timeout(ollama.timeout().compareTo(MAX_WAIT) < 0 ? ollama.timeout() : MAX_WAIT)
                .maxRetries(0).build();
    }

    Seen check() {
        List<OllamaModel> pulled;
        try {
            pulled = orEmpty(models.availableModels().content());
        } catch (RuntimeException e) {
            return new Seen(List.of(), false, false, notices.of(e));
        }
        List<ModelStatus.Available> available = pulled.stream().filter(m -> m.getName() != null)
                .map(m -> new ModelStatus.Available(m.getName(), m.getSize(), instant(m.getModifiedAt()))).toList();
        List<String> names = available.stream().map(ModelStatus.Available::name).toList();
        return new Seen(available, serves(names, model), loaded(), null);
    }

    /** Whether {@code /api/ps} lists the model; false when it cannot tell (e.g. an Ollama without {@code /api/ps}). */
    private boolean loaded() {
        try {
            List<String> names = orEmpty(models.runningModels().content()).stream()
                    .map(RunningOllamaModel::getName).filter(Objects::nonNull).toList();
            return serves(names, model);
        } catch (RuntimeException e) {
            log.debug("cannot tell which models Ollama has loaded: {}", notices.of(e));
            return false;
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** Ollama's rule: a name without a tag means {@code :latest}. */
    static boolean serves(List<String> names, String model) {
        String wanted = model.contains(":") ? model : model + ":latest";
        return names.stream().anyMatch(n -> n.equals(wanted) || n.equals(model));
    }
}
