package io.clusterwise.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Every setting of the agent-worker, parsed and checked once at start-up; a bad value fails start-up with a message
 * that names its key. Kafka itself is configured through Spring Boot's {@code spring.kafka.*} keys.
 *
 * @param clusterName {@code clusterwise.cluster-name}: the envelope {@code source} of everything the worker publishes
 */
@ConfigurationProperties("clusterwise")
public record WorkerProperties(@DefaultValue("local") String clusterName, @DefaultValue Worker worker) {

    public WorkerProperties {
        require(clusterName != null && !clusterName.isBlank(), "clusterwise.cluster-name must not be blank");
    }

    /**
     * @param answerDeadline       {@code clusterwise.worker.answer-deadline}: a question's final reply is always sent
     *                             within this, findings-only if the model has not finished
     * @param maxConcurrentAnswers {@code clusterwise.worker.max-concurrent-answers}: questions answered at once; the
     *                             question listener waits for a free slot rather than dropping a question
     */
    public record Worker(@DefaultValue Ollama ollama, @DefaultValue("PT60S") Duration answerDeadline,
                         @DefaultValue Window window, @DefaultValue("4") int maxConcurrentAnswers) {
        public Worker {
            requirePositive(answerDeadline, "clusterwise.worker.answer-deadline");
            require(maxConcurrentAnswers >= 1 && maxConcurrentAnswers <= 256,
                    "clusterwise.worker.max-concurrent-answers must be between 1 and 256, was " + maxConcurrentAnswers);
        }
    }

    /**
     * @param baseUrl {@code clusterwise.worker.ollama.base-url}
     * @param model   {@code clusterwise.worker.ollama.model}
     * @param timeout {@code clusterwise.worker.ollama.timeout}: langchain4j's connect and read timeout
     * @param numCtx  {@code clusterwise.worker.ollama.num-ctx}: the model's context window in tokens; prompts are
     *                budgeted against it
     */
    public record Ollama(@DefaultValue("http://localhost:11434") String baseUrl, @DefaultValue("mistral") String model,
                         @DefaultValue("PT60S") Duration timeout, @DefaultValue("4096") int numCtx) {
        public Ollama {
            require(baseUrl != null && isHttpUrl(baseUrl),
                    "clusterwise.worker.ollama.base-url must be an http(s) URL such as http://localhost:11434, was '"
                            + redact(baseUrl) + "'");
            require(model != null && !model.isBlank(), "clusterwise.worker.ollama.model must not be blank");
            requirePositive(timeout, "clusterwise.worker.ollama.timeout");
            require(numCtx >= 512, "clusterwise.worker.ollama.num-ctx must be at least 512 tokens, was " + numCtx);
        }

        /** The base URL without any user-info, fit for logs and user-facing notices. */
        public String displayUrl() {
            return redact(baseUrl);
        }

        @Override
        public String toString() {
            return "Ollama[baseUrl=" + displayUrl() + ", model=" + model + ", timeout=" + timeout + ", numCtx="
                    + numCtx + "]";
        }
    }

    /**
     * @param maxEvents {@code clusterwise.worker.window.max-events}: events kept in memory; the oldest go first
     * @param maxAge    {@code clusterwise.worker.window.max-age}: events whose Kafka record is older are dropped
     */
    public record Window(@DefaultValue("10000") int maxEvents, @DefaultValue("PT1H") Duration maxAge) {
        public Window {
            require(maxEvents >= 1, "clusterwise.worker.window.max-events must be at least 1, was " + maxEvents);
            requirePositive(maxAge, "clusterwise.worker.window.max-age");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requirePositive(Duration value, String key) {
        require(value != null && !value.isNegative() && !value.isZero(),
                key + " must be a positive duration such as PT60S, was " + value);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Drops {@code user:password@} from a URL so a credential never reaches a log line or a reply. */
    static String redact(String url) {
        return url == null ? null : url.replaceFirst("(?<=://)[^/@]*@", "***@");
    }
}
