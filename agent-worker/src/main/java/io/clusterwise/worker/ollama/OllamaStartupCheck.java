package io.clusterwise.worker.ollama;

import io.clusterwise.worker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.util.List;

/**
 * Says at start-up, in one log line, whether answers will come from the model or be findings-only. Runs off the
 * start-up thread and never fails start-up: Ollama may come later, and every question checks again by asking (and
 * {@link ModelStatusPublisher} logs each later change of the model's state).
 */
final class OllamaStartupCheck implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(OllamaStartupCheck.class);

    private final WorkerProperties.Ollama ollama;
    private final ModelCheck models;
    private final FailureNotice notices;

    OllamaStartupCheck(WorkerProperties.Ollama ollama, ModelCheck models, FailureNotice notices) {
        this.ollama = ollama;
        this.models = models;
        this.notices = notices;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread t = new Thread(this::check, "clusterwise-ollama-check");
        t.setDaemon(true);
        t.start();
    }

    void check() {
        ModelCheck.Seen seen = models.check();
        if (seen.unreachable() != null) {
            log.warn("{}; findings-only answers until it does", seen.unreachable());
        } else if (seen.pulled()) {
            log.info("Ollama at {} answers; model {} is available", ollama.displayUrl(), ollama.model());
        } else {
            log.warn("Ollama at {} answers, but {}; findings-only answers until it does (available: {})",
                    ollama.displayUrl(), notices.notPulled(), seen.names().isEmpty() ? "none" : seen.names());
        }
    }

    /** Ollama's rule: a name without a tag means {@code :latest}. */
    static boolean serves(List<String> names, String model) {
        String wanted = model.contains(":") ? model : model + ":latest";
        return names.stream().anyMatch(n -> n.equals(wanted) || n.equals(model));
    }
}
