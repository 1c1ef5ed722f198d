package io.clusterwise.devstack.ollama;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up probe against a real HTTP server answering {@code GET /api/tags} as Ollama does. (Only that one
 * endpoint is probed; test-support's OllamaDouble can replace this server once it lands.)
 */
class OllamaProbeTest {

    private HttpServer ollama;

    @AfterEach
    void stop() {
        if (ollama != null) {
            ollama.stop(0);
        }
    }

    @Test
    void shouldReportModelAvailableWhenTagsListItAsLatest() throws IOException {
        URI url = serveTags(200, """
                {"models":[{"name":"llama3.1:8b","model":"llama3.1:8b"},{"name":"mistral:latest","model":"mistral:latest"}]}
                """);

        OllamaStatus status = OllamaProbe.probe(url, "mistral", OllamaProbe.DEFAULT_TIMEOUT);

        assertThat(status.modelAvailable()).isTrue();
        assertThat(status.describe()).isEqualTo("Ollama at " + url + " answers; model mistral is available");
    }

    @Test
    void shouldTellHowToPullWhenModelIsMissing() throws IOException {
        URI url = serveTags(200, """
                {"models":[{"name":"llama3.1:8b","model":"llama3.1:8b"}]}
                """);

        OllamaStatus status = OllamaProbe.probe(url, "mistral", OllamaProbe.DEFAULT_TIMEOUT);

        assertThat(status).isInstanceOf(OllamaStatus.ModelMissing.class);
        assertThat(status.describe()).contains("model mistral is not pulled — run `ollama pull mistral`",
                "answers will be findings-only");
    }

    @Test
    void shouldSayNoOllamaWhenNothingListens() throws IOException {
        URI url = URI.create("http://127.0.0.1:" + closedPort());

        OllamaStatus status = OllamaProbe.probe(url, "mistral", OllamaProbe.DEFAULT_TIMEOUT);

        assertThat(status.describe())
                .isEqualTo("no Ollama at " + url + " — answers will be findings-only until it starts");
    }

    @Test
    void shouldNameTheProblemWhenOllamaAnswersWithAnError() throws IOException {
        URI url = serveTags(500, "{\"error\":\"boom\"}");

        OllamaStatus status = OllamaProbe.probe(url, "mistral", OllamaProbe.DEFAULT_TIMEOUT);

        assertThat(status.modelAvailable()).isFalse();
        assertThat(status.describe()).contains("HTTP 500 from /api/tags", "findings-only");
    }

    private URI serveTags(int status, String body) throws IOException {
        ollama = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ollama.createContext("/api/tags", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        ollama.start();
        return URI.create("http://127.0.0.1:" + ollama.getAddress().getPort());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
