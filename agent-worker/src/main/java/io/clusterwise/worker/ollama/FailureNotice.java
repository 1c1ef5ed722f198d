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

/** Turns whatever went wrong on the way to Ollama into one sentence a person can act on. */
final class FailureNotice {

    private static final Pattern ERROR_FIELD = Pattern.compile("\"error\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

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
            return "Ollama is unreachable at " + url + " (connection refused: is `ollama serve` running?)";
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
        return "model '" + model + "' is not pulled on " + url + " — run `ollama pull " + model + "`";
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
