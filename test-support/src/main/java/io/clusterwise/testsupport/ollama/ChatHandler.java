package io.clusterwise.testsupport.ollama;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code POST /api/chat}: records the request, then answers as the current {@link Behaviour} says; a model that
 * starts answering is reported as loaded.
 */
final class ChatHandler {

    private static final String NDJSON = "application/x-ndjson";
    private static final String JSON = "application/json; charset=utf-8";

    private final Supplier<Behaviour> behaviour;
    private final Consumer<RecordedChat> recorder;
    private final Consumer<String> loads;

    ChatHandler(Supplier<Behaviour> behaviour, Consumer<RecordedChat> recorder, Consumer<String> loads) {
        this.behaviour = behaviour;
        this.recorder = recorder;
        this.loads = loads;
    }

    void handle(HttpExchange exchange) throws IOException {
        Behaviour now = behaviour.get();
        RecordedChat chat;
        try (InputStream in = exchange.getRequestBody()) {
            chat = parse(OllamaWire.mapper().readTree(in));
        } catch (IOException | IllegalArgumentException e) {
            Http.json(exchange, 400, OllamaWire.error("invalid request: " + e.getMessage()));
            return;
        }
        recorder.accept(chat);
        pause(now.loadDelay());
        if (chat.model() == null || chat.model().isBlank()) {
            Http.json(exchange, 400, OllamaWire.error("model is required"));
        } else if (now.failStatus() != 0) {
            Http.json(exchange, now.failStatus(), OllamaWire.error(now.failError()));
        } else if (!now.serves(chat.model())) {
            Http.json(exchange, 404, OllamaWire.error(OllamaWire.notFound(chat.model())));
        } else {
            loads.accept(chat.model());
            if (chat.stream()) {
                stream(exchange, chat, now);
            } else {
                whole(exchange, chat, now);
            }
        }
    }

    private static void stream(HttpExchange exchange, RecordedChat chat, Behaviour now) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", NDJSON);
        exchange.sendResponseHeaders(200, 0); // chunked, as Ollama streams
        long started = System.nanoTime();
        try (OutputStream out = exchange.getResponseBody()) {
            for (String piece : now.chunks()) {
                pause(now.chunkDelay());
                line(out, OllamaWire.bytes(OllamaWire.piece(chat.model(), piece)));
                if (now.midStreamError() != null) {
                    line(out, OllamaWire.bytes(OllamaWire.error(now.midStreamError())));
                    return;
                }
            }
            line(out, OllamaWire.bytes(OllamaWire.done(chat.model(), "", promptTokens(chat), now.chunks().size(),
                    System.nanoTime() - started)));
        }
    }

    private static void whole(HttpExchange exchange, RecordedChat chat, Behaviour now) throws IOException {
        long started = System.nanoTime();
        for (int i = 0; i < now.chunks().size(); i++) {
            pause(now.chunkDelay());
        }
        if (now.midStreamError() != null) {
            Http.json(exchange, 500, OllamaWire.error(now.midStreamError()));
            return;
        }
        Http.json(exchange, 200, OllamaWire.done(chat.model(), String.join("", now.chunks()), promptTokens(chat),
                now.chunks().size(), System.nanoTime() - started));
    }

    private static void line(OutputStream out, byte[] json) throws IOException {
        out.write(json);
        out.write('\n');
        out.flush();
    }

    /** The double's stand-in for inference time; interrupted when the double stops. */
    private static void pause(Duration delay) throws IOException {
        if (delay.isZero() || delay.isNegative()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Ollama double stopped while answering", e);
        }
    }

    private static int promptTokens(RecordedChat chat) {
        return Math.max(1, chat.allContent().length() / 4);
    }

    private static RecordedChat parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("body is not a JSON object");
        }
        List<RecordedChat.Message> messages = new ArrayList<>();
        for (JsonNode m : root.path("messages")) {
            messages.add(new RecordedChat.Message(m.path("role").asText(null), m.path("content").asText("")));
        }
        Map<String, Object> options = root.hasNonNull("options")
                ? OllamaWire.mapper().convertValue(root.get("options"), new TypeReference<Map<String, Object>>() { })
                : Map.of();
        boolean stream = !root.hasNonNull("stream") || root.get("stream").asBoolean(true);
        return new RecordedChat(root.path("model").asText(null), messages, options, stream);
    }
}
