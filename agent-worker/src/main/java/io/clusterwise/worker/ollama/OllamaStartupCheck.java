package io.clusterwise.worker.ollama;

import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import io.clusterwise.worker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.List;

/**
 * Says at start-up, in one log line, whether answers will come from the model or be findings-only. Runs off the
 * start-up thread and never fails start-up: Ollama may come later, and every question checks again by asking.
 */
final class OllamaStartupCheck implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(OllamaStartupCheck.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final WorkerProperties.Ollama ollama;
    private final FailureNotice notices;

    OllamaStartupCheck(WorkerProperties.Ollama ollama, FailureNotice notices) {
        this.ollama = ollama;
        this.notices = notices;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread t = new Thread(this::check, "clusterwise-ollama-check");
        t.setDaemon(true);
        t.start();
    }

    void check() {
        try {
            List<OllamaModel> models = OllamaModels.builder().baseUrl(ollama.baseUrl())
                    .timeout(ollama.timeout().compareTo(MAX_WAIT) < 0 ? ollama.timeout() : MAX_WAIT)
                    .maxRetries(0).build().availableModels().content();
            List<String> names = models.stream().map(OllamaModel::getName).toList();
            if (serves(names, ollama.model())) {
                log.info("Ollama at {} answers; model {} is available", ollama.displayUrl(), ollama.model());
            } else {
                log.warn("Ollama at {} answers, but {}; findings-only answers until it does (available: {})",
                        ollama.displayUrl(), notices.notPulled(), names.isEmpty() ? "none" : names);
            }
        } catch (RuntimeException e) {
            log.warn("{}; findings-only answers until it does", notices.of(e));
        }
    }

    /** Ollama's rule: a name without a tag means {@code :latest}. */
    static boolean serves(List<String> names, String model) {
        String wanted = model.contains(":") ? model : model + ":latest";
        return names.stream().anyMatch(n -> n.equals(wanted) || n.equals(model));
    }
}
