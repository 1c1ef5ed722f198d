package io.clusterwise.testsupport.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OllamaDoubleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = """
            {"model":"%s","messages":[{"role":"system","content":"Answer from the evidence."},
             {"role":"user","content":"why is greeter crashing?"}],"options":{"num_ctx":4096,"temperature":0.1}%s}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final OllamaDouble ollama = OllamaDouble.start();

    @AfterEach
    void stop() {
        ollama.stop();
    }

    @Test
    void shouldStreamNdjsonPiecesThenDoneLineWhenStreamIsNotSet() throws Exception {
        ollama.reply("The pod ", "is crash-looping.");

        HttpResponse<String> response = post("/api/chat", CHAT.formatted("mistral", ""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> lines = lines(response.body());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).path("message").path("content").asText()).isEqualTo("The pod ");
        assertThat(lines.get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(lines.get(0).path("done").asBoolean()).isFalse();
        assertThat(lines.get(0).path("model").asText()).isEqualTo("mistral");
        assertThat(lines.get(0).path("created_at").asText()).endsWith("Z");
        assertThat(lines.get(1).path("message").path("content").asText()).isEqualTo("is crash-looping.");
        JsonNode last = lines.get(2);
        assertThat(last.path("done").asBoolean()).isTrue();
        assertThat(last.path("done_reason").asText()).isEqualTo("stop");
        assertThat(last.path("message").path("content").asText()).isEmpty();
        assertThat(last.fieldNames()).toIterable().contains("total_duration", "load_duration", "prompt_eval_count",
                "prompt_eval_duration", "eval_count", "eval_duration");
    }

    @Test
    void shouldAnswerOneJsonObjectWithTheWholeContentWhenStreamIsFalse() throws Exception {
        ollama.reply("The pod ", "is crash-looping.");

        HttpResponse<String> response = post("/api/chat", CHAT.formatted("mistral:latest", ",\"stream\":false"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("message").path("content").asText()).isEqualTo("The pod is crash-looping.");
        assertThat(body.path("done").asBoolean()).isTrue();
        assertThat(ollama.chatRequests()).singleElement().satisfies(chat -> assertThat(chat.stream()).isFalse());
    }

    @Test
    void shouldListModelsWithTheirTagsWhenAskedForTags() throws Exception {
        ollama.models("mistral", "llama3.2:1b");

        HttpResponse<String> response = get("/api/tags");

        JsonNode models = JSON.readTree(response.body()).path("models");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).path("name").asText()).isEqualTo("mistral:latest");
        assertThat(models.get(0).path("model").asText()).isEqualTo("mistral:latest");
        assertThat(models.get(1).path("name").asText()).isEqualTo("llama3.2:1b");
        assertThat(models.get(0).path("details").path("format").asText()).isEqualTo("gguf");
        assertThat(models.get(0).path("digest").asText()).hasSize(64);
        assertThat(models.get(0).has("modified_at") && models.get(0).has("size")).isTrue();
    }

    @Test
    void shouldListAModelAsLoadedOnlyAfterItAnsweredAChatWhenAskedForPs() throws Exception {
        JsonNode before = JSON.readTree(get("/api/ps").body()).path("models");
        post("/api/chat", CHAT.formatted("mistral", ""));

        JsonNode after = JSON.readTree(get("/api/ps").body()).path("models");

        assertThat(before.isArray()).isTrue();
        assertThat(before).isEmpty();
        assertThat(after).singleElement().satisfies(m -> {
            assertThat(m.path("name").asText()).isEqualTo("mistral:latest");
            assertThat(m.path("model").asText()).isEqualTo("mistral:latest");
            assertThat(m.path("expires_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(m.fieldNames()).toIterable().contains("size", "digest", "details", "size_vram");
        });
        assertThat(ollama.loadedModels()).containsExactly("mistral:latest");
    }

    @Test
    void shouldListWhatTheTestLoadedAndNothingForAFailedChatWhenAskedForPs() throws Exception {
        ollama.loaded("llama3.2:1b", "mistral");
        assertThat(JSON.readTree(get("/api/ps").body()).path("models")).extracting(m -> m.path("name").asText())
                .containsExactly("llama3.2:1b", "mistral:latest");

        ollama.loaded().models("llama3.2");
        post("/api/chat", CHAT.formatted("mistral", ""));
        ollama.healthy().failWith(503, "server busy");
        post("/api/chat", CHAT.formatted("llama3.2", ""));

        assertThat(JSON.readTree(get("/api/ps").body()).path("models")).isEmpty();
    }

    @Test
    void shouldAnswer404WithOllamasTextWhenTheModelIsNotPulled() throws Exception {
        ollama.models("llama3.2");

        HttpResponse<String> response = post("/api/chat", CHAT.formatted("mistral", ""));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").asText())
                .isEqualTo("model \"mistral\" not found, try pulling it first");
    }

    @Test
    void shouldAnswerTheStatusAndErrorUntilHealthyWhenToldToFail() throws Exception {
        ollama.failWith(503, "server busy");

        HttpResponse<String> busy = post("/api/chat", CHAT.formatted("mistral", ""));
        ollama.healthy();
        HttpResponse<String> ok = post("/api/chat", CHAT.formatted("mistral", ""));

        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(busy.body()).path("error").asText()).isEqualTo("server busy");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ollama.chatRequests()).hasSize(2);
    }

    @Test
    void shouldSendTheFirstPieceThenAnErrorLineWhenFailingMidStream() throws Exception {
        ollama.reply("first ", "second").failMidStream("an error was encountered while running the model");

        HttpResponse<String> response = post("/api/chat", CHAT.formatted("mistral", ""));

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> lines = lines(response.body());
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("message").path("content").asText()).isEqualTo("first ");
        assertThat(lines.get(1).path("error").asText()).isEqualTo("an error was encountered while running the model");
    }

    @Test
    void shouldPauseBeforeEachPieceWhenGivenAChunkDelay() throws Exception {
        ollama.reply("a", "b", "c").chunkDelay(Duration.ofMillis(100));

        long started = System.nanoTime();
        HttpResponse<String> response = post("/api/chat", CHAT.formatted("mistral", ""));

        assertThat(lines(response.body())).hasSize(4);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldSendNoResponseBeforeTheLoadDelayWhenLoadingTheModel() throws Exception {
        ollama.loadDelay(Duration.ofSeconds(5));

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(ollama.baseUrl() + "/api/chat"))
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted("mistral", ""))).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        ollama.healthy();
        assertThat(post("/api/chat", CHAT.formatted("mistral", "")).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRecordModelMessagesAndOptionsWhenChatted() throws Exception {
        post("/api/chat", CHAT.formatted("mistral", ""));

        RecordedChat chat = ollama.chatRequests().get(0);
        assertThat(chat.model()).isEqualTo("mistral");
        assertThat(chat.stream()).isTrue();
        assertThat(chat.messages()).extracting(RecordedChat.Message::role).containsExactly("system", "user");
        assertThat(chat.options()).containsEntry("num_ctx", 4096);
        assertThat(chat.allContent()).contains("Answer from the evidence.", "why is greeter crashing?");
        assertThat(chat.contentOf("user")).isEqualTo("why is greeter crashing?");
    }

    @Test
    void shouldAnswerVersionAndRootLikeOllamaWhenAsked() throws Exception {
        assertThat(JSON.readTree(get("/api/version").body()).path("version").asText()).isEqualTo("0.12.0");
        assertThat(get("/").body()).isEqualTo("Ollama is running");
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseConnectionsWhenStopped() {
        String base = ollama.baseUrl();
        ollama.stop();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/api/tags")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldServeAgainAtTheSameAddressWhenStartedOnAStoppedDoublesPort() throws Exception {
        String base = ollama.baseUrl();
        ollama.stop();

        try (OllamaDouble again = OllamaDouble.start(ollama.port())) {
            HttpResponse<String> tags = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tags")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(again.baseUrl()).isEqualTo(base);
            assertThat(tags.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(tags.body()).path("models").get(0).path("name").asText())
                    .isEqualTo("mistral:latest");
        }
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(ollama.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(ollama.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> lines(String body) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }
}
