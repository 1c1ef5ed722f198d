package io.clusterwise.testsupport.ollama;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The JSON shapes a real Ollama (0.12) answers with, field for field (docs/api.md). */
final class OllamaWire {

    static final String VERSION = "0.12.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MODIFIED_AT = Instant.parse("2025-09-18T07:15:32.123456789Z");

    private OllamaWire() {
    }

    static ObjectMapper mapper() {
        return JSON;
    }

    static byte[] bytes(ObjectNode node) {
        return (node.toString()).getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    static String notFound(String model) {
        return "model \"" + model + "\" not found, try pulling it first";
    }

    static ObjectNode version() {
        return JSON.createObjectNode().put("version", VERSION);
    }

    /** {@code GET /api/tags}. */
    static ObjectNode tags(List<String> models) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("models");
        for (String name : models) {
            ObjectNode m = list.addObject();
            m.put("name", name).put("model", name).put("modified_at", MODIFIED_AT.toString())
                    .put("size", 4_372_824_384L)
                    .put("digest", digest(name));
            details(m);
        }
        return root;
    }

    private static void details(ObjectNode model) {
        ObjectNode details = model.putObject("details");
        details.put("parent_model", "").put("format", "gguf").put("family", "llama");
        details.putArray("families").add("llama");
        details.put("parameter_size", "7.2B").put("quantization_level", "Q4_K_M");
    }

    /** {@code GET /api/ps}: the models loaded in memory, kept for Ollama's default keep-alive of five minutes. */
    static ObjectNode ps(List<String> models) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("models");
        String expires = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5).truncatedTo(ChronoUnit.MICROS).toString();
        for (String name : models) {
            ObjectNode m = list.addObject();
            m.put("name", name).put("model", name).put("size", 5_137_025_024L).put("digest", digest(name));
            details(m);
            m.put("expires_at", expires).put("size_vram", 5_137_025_024L).put("context_length", 4096);
        }
        return root;
    }

    /** One streamed piece: {@code done:false}. */
    static ObjectNode piece(String model, String content) {
        ObjectNode node = head(model);
        message(node, content);
        node.put("done", false);
        return node;
    }

    /** The last line of a stream (empty content), or the whole answer when not streaming. */
    static ObjectNode done(String model, String content, int promptTokens, int evalTokens, long elapsedNanos) {
        ObjectNode node = head(model);
        message(node, content);
        long load = 1_500_000L;
        long promptEval = Math.max(1, promptTokens) * 400_000L;
        node.put("done", true)
                .put("done_reason", "stop")
                .put("total_duration", load + promptEval + Math.max(elapsedNanos, 1))
                .put("load_duration", load)
                .put("prompt_eval_count", promptTokens)
                .put("prompt_eval_duration", promptEval)
                .put("eval_count", evalTokens)
                .put("eval_duration", Math.max(elapsedNanos, 1));
        return node;
    }

    private static ObjectNode head(String model) {
        ObjectNode node = JSON.createObjectNode();
        node.put("model", model);
        node.put("created_at", Instant.now().truncatedTo(ChronoUnit.MICROS).toString());
        return node;
    }

    private static void message(ObjectNode node, String content) {
        node.putObject("message").put("role", "assistant").put("content", content);
    }

    private static String digest(String name) {
        String hex = Integer.toHexString(name.hashCode() & 0x7fffffff);
        return ("0".repeat(64) + hex).substring(hex.length());
    }
}
