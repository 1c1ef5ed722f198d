package io.clusterwise.worker.ollama;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.langchain4j.model.ollama.OllamaStreamingException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever went wrong on the way to Ollama into one sentence a person can act on, and says what to do about it
 * (the {@code action} of {@code agent.models}).
 */
final class FailureNotice {

    private static final Pattern ERROR_FIELD = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** The setting a notice names in parentheses, e.g. {@code (clusterwise.worker.answer-deadline)}. */
    private static final Pattern KEY = Pattern.compile("\\((clusterwise\\.worker\\.[a-z.-]+)\\)");
    private static final String SERVE = "`ollama serve`";

    private final String url;
    private final String model;
    private final Duration timeout;

    FailureNotice(String displayUrl, String model, Duration timeout) {
        this.url = displayUrl;
        this.model = model;
        this.timeout = timeout;
    }

    String of(Throwable error) {
        HttpException http = find(error, HttpException.class);
        if (find(error, ModelNotFoundException.class) != null || http != null && http.statusCode() == 404) {
            return notPulled();
        }
        if (find(error, OllamaStreamingException.class) != null) {
            return "the model failed while answering: " + find(error, OllamaStreamingException.class).getMessage();
        }
        if (http != null) {
            return "Ollama at " + url + " answered HTTP " + http.statusCode() + ": " + errorText(http.getMessage());
        }
        if (find(error, ConnectException.class) != null) {
            return "Ollama is unreachable at " + url + " (connection refused: is " + SERVE + " running?)";
        }
        if (find(error, HttpConnectTimeoutException.class) != null
                || find(error, UnresolvedModelServerException.class) != null
                || find(error, UnknownHostException.class) != null
                || find(error, NoRouteToHostException.class) != null
                || find(error, ClosedChannelException.class) != null) {
            return "Ollama is unreachable at " + url + " (" + describe(root(error)) + ")";
        }
        if (find(error, TimeoutException.class) != null || find(error, HttpTimeoutException.class) != null) {
            return "Ollama at " + url + " did not answer within " + timeout + " (clusterwise.worker.ollama.timeout)";
        }
        return "the call to Ollama at " + url + " failed (" + describe(root(error)) + ")";
    }

    String notPulled() {
        return notPulledDetail() + " — run `" + pullCommand() + "`";
    }

    String notPulledDetail() {
        return "model '" + model + "' is not pulled on " + url;
    }

    String pullCommand() {
        return "ollama pull " + model;
    }

    String startOllama() {
        return "start Ollama (" + SERVE + ") at " + url + ", or set clusterwise.worker.ollama.base-url to where it runs";
    }

    /** For a failure whose cause has gone: Ollama answers now, with the model. */
    String askAgain() {
        return "ask again: Ollama at " + url + " answers now and has model '" + model + "'";
    }

    /**
     * What to do about a notice of this class's, or one naming the setting to change in parentheses (the answer
     * deadline's): pull the model, start Ollama, raise that setting, else look at Ollama's log.
     */
    String action(String notice) {
        if (notice == null) {
            return null;
        }
        if (notice.contains("`" + pullCommand() + "`")) {
            return pullCommand();
        }
        if (notice.contains(SERVE) || notice.startsWith("Ollama is unreachable")) {
            return startOllama();
        }
        Matcher key = KEY.matcher(notice);
        if (key.find()) {
            return "raise " + key.group(1) + ", or use a smaller model";
        }
        return "look at the log of Ollama at " + url + " (e.g. the output of " + SERVE + ") and ask again";
    }

    String emptyAnswer() {
        return "model '" + model + "' on " + url + " returned an empty answer";
    }

    /** Ollama's {@code {"error": "..."}} body inside an exception message, or the message itself. */
    static String errorText(String message) {
        if (message == null || message.isBlank()) {
            return "no details";
        }
        Matcher m = ERROR_FIELD.matcher(message);
        return m.find() ? m.group(1).replace("\\\"", "\"") : message.strip();
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message;
    }

    private static Throwable root(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
