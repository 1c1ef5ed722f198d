package io.clusterwise.gateway.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.gateway.testing.PortForwarder;
import io.clusterwise.gateway.testing.RunningGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer-token auth and the per-client rate limit, on a whole gateway over real HTTP. Both act before any handler,
 * so no broker is needed: Kafka is unreachable here (chats that pass get 503 "not yet reading its reply partition").
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiAccessTest {

    private static final String TOKEN = "tok-3f9a1c-very-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static PortForwarder nowhere;
    static RunningGateway gateway;

    @BeforeAll
    static void startGatewayWithAuthAndATightLimit() {
        nowhere = new PortForwarder();
        gateway = RunningGateway.start("localhost:" + nowhere.port(),
                "--clusterwise.gateway.auth-token=" + TOKEN,
                "--clusterwise.gateway.rate-limit.requests-per-minute=2",
                "--clusterwise.gateway.rate-limit.burst=2",
                "--logging.level.io.clusterwise=DEBUG",
                "--clusterwise.gateway.diagnose-timeout=PT1S",
                // no broker: let the consumers give up positioning quickly, so the context also stops quickly
                "--spring.kafka.consumer.properties.default.api.timeout.ms=1500",
                "--spring.kafka.consumer.properties.reconnect.backoff.max.ms=200",
                "--spring.kafka.listener.poll-timeout=500ms");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        nowhere.close();
    }

    @Test
    void shouldAnswer401ProblemWithChallengeWhenAuthIsOnAndNoTokenIsSent() throws Exception {
        HttpResponse<String> response = send(get("/api/insights").build());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"clusterwise\"");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response.body()).get("detail").asText())
                .contains("requires a bearer token").contains("clusterwise.gateway.auth-token");
    }

    @Test
    void shouldAnswer401WhenTheTokenIsWrong() throws Exception {
        assertThat(send(get("/api/insights").header("Authorization", "Bearer not-" + TOKEN).build()).statusCode())
                .isEqualTo(401);
        assertThat(send(get("/api/insights").header("Authorization", TOKEN).build()).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldServeTheApiWhenTheRightTokenIsSent() throws Exception {
        HttpResponse<String> response = send(get("/api/insights").header("Authorization", "Bearer " + TOKEN).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
    }

    @Test
    void shouldServeThePageHealthAndApiDescriptionWithoutATokenWhenAuthIsOn() throws Exception {
        assertThat(send(get("/").build()).statusCode()).isEqualTo(200);
        assertThat(send(get("/openapi.json").build()).statusCode()).isEqualTo(200);
        assertThat(send(get("/actuator/health/liveness").build()).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenAClientAsksMoreOftenThanTheLimit(CapturedOutput output) throws Exception {
        int limited = 0;
        HttpResponse<String> refused = null;
        // burst 2: of three questions in a row at least the third is refused (an earlier test may have used one)
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = send(post("/api/chat", "{\"question\": \"why?\"}")
                    .header("Authorization", "Bearer " + TOKEN).build());
            if (response.statusCode() == 429) {
                limited++;
                refused = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(503); // passed the limit, then: Kafka unreachable
            }
        }
        assertThat(limited).isPositive();
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(refused.body()).get("detail").asText())
                .contains("clusterwise.gateway.rate-limit.requests-per-minute");
        // reads are not limited: the page polls and reconnects with them
        for (int i = 0; i < 5; i++) {
            assertThat(send(get("/api/suppressions").header("Authorization", "Bearer " + TOKEN).build())
                    .statusCode()).isEqualTo(200);
        }
        HttpResponse<String> metrics = send(get("/actuator/prometheus").build());
        assertThat(metrics.body()).contains("clusterwise_gateway_requests_rejected_total{reason=\"rate_limited\"}");
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void shouldAnswer429WhenAClientAsksForDiagnosesMoreOftenThanTheLimit() throws Exception {
        List<Integer> statuses = new java.util.ArrayList<>();
        // each diagnosis is work for a worker: limited like a question (burst 2, so the third in a row is refused)
        for (int i = 0; i < 3; i++) {
            statuses.add(send(get("/api/diagnose?namespace=demo").header("Authorization", "Bearer " + TOKEN).build())
                    .statusCode());
        }
        HttpResponse<String> namespaces = send(get("/api/namespaces").header("Authorization", "Bearer " + TOKEN)
                .build());

        assertThat(statuses).contains(429).allMatch(s -> s == 429 || s == 503 || s == 504, "429, or let through");
        assertThat(namespaces.statusCode()).isEqualTo(429);
        assertThat(namespaces.headers().firstValue("Retry-After")).isPresent();
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(gateway.uri(path)).GET();
    }

    private static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(gateway.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) throws IOException {
        return WireJson.mapper().readTree(body);
    }
}
