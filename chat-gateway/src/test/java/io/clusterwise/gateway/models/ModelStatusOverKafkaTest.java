package io.clusterwise.gateway.models;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.ModelStatus;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.gateway.testing.KafkaWorkerDouble;
import io.clusterwise.gateway.testing.RunningGateway;
import io.clusterwise.gateway.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/models} from what workers publish on the compacted {@code agent.models}, over a real KRaft broker,
 * with the test playing the workers. Every test forgets its workers afterwards (tombstones), so each starts from an
 * empty book.
 */
class ModelStatusOverKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    static EmbeddedKafkaKraftBroker broker;
    static KafkaWorkerDouble worker;
    static RunningGateway gateway;

    private final Set<String> published = new HashSet<>();

    @BeforeAll
    static void startKafkaAndAGateway() {
        broker = TestKafka.startBroker();
        TestKafka.createTopics(broker.getBrokersAsString());
        worker = new KafkaWorkerDouble(broker.getBrokersAsString());
        gateway = RunningGateway.start(broker.getBrokersAsString(), "--clusterwise.gateway.reply-partition=1")
                .awaitReady(WAIT);
    }

    @AfterEach
    void forgetTheWorkers() {
        published.forEach(worker::tombstoneModelStatus);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(models().get("detail").asText()).isEqualTo(ModelsView.NO_REPORT));
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable c : new AutoCloseable[]{gateway, worker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldReportModelsWhenWorkersPublishStatus() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ModelStatus.Available mistral = new ModelStatus.Available("mistral:latest", 4_113_301_824L,
                now.minus(Duration.ofDays(3)));
        ModelStatus ready = status("worker-ready", ModelStatus.State.READY, now.minusSeconds(20), List.of(mistral),
                true, true, null, null);
        ModelStatus unreachable = status("worker-unreachable", ModelStatus.State.UNREACHABLE, now.minusSeconds(5),
                List.of(), false, false, "Ollama at http://ollama:11434 does not answer: connection refused",
                "start Ollama, or set clusterwise.worker.ollama-url");
        publish(ready);
        publish(unreachable);

        await().atMost(WAIT).untilAsserted(() -> assertThat(models().get("workers")).hasSize(2));
        JsonNode models = models();
        // the workers disagree: the best state is stated, and every worker is listed, the freshest first
        assertThat(models.get("state").asText()).isEqualTo("READY");
        assertThat(models.get("configuredModel").asText()).isEqualTo("mistral");
        assertThat(models.get("available")).hasSize(1);
        assertThat(models.at("/available/0/name").asText()).isEqualTo("mistral:latest");
        assertThat(models.at("/available/0/sizeBytes").asLong()).isEqualTo(4_113_301_824L);
        assertThat(Instant.parse(models.at("/available/0/modifiedAt").asText())).isEqualTo(mistral.modifiedAt());
        assertThat(models.get("loaded").asBoolean()).isTrue();
        assertThat(models.get("answering").asBoolean()).isTrue();
        assertThat(models.get("detail").isNull()).isTrue();
        assertThat(models.get("action").isNull()).isTrue();
        assertThat(Instant.parse(models.get("checkedAt").asText())).isEqualTo(ready.checkedAt());
        List<ModelStatus> workers = new ArrayList<>();
        models.get("workers").forEach(node -> workers.add(WireJson.mapper().convertValue(node, ModelStatus.class)));
        assertThat(workers).containsExactly(unreachable, ready);

        HttpResponse<String> response = gateway.get("/api/models");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(gateway.get("/actuator/prometheus").body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*uri=\"/api/models\"")
                .contains("clusterwise_gateway_model_workers{state=\"ready\"} 1.0")
                .contains("clusterwise_gateway_model_workers{state=\"unreachable\"} 1.0")
                .contains("clusterwise_gateway_model_workers{state=\"not_pulled\"} 0.0"));
    }

    @Test
    void shouldForgetWorkerWhenItsStatusIsTombstoned() {
        Instant now = Instant.now();
        publish(status("worker-ready", ModelStatus.State.READY, now.minusSeconds(30), List.of(), true, true, null,
                null));
        publish(status("worker-not-pulled", ModelStatus.State.NOT_PULLED, now, List.of(), false, null,
                "Ollama has not pulled mistral", "ollama pull mistral"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(models().get("workers")).hasSize(2));
        assertThat(models().get("state").asText()).isEqualTo("READY");

        // the ready worker stops cleanly: only the one without its model is left, and it says what to do
        worker.tombstoneModelStatus("worker-ready");
        await().atMost(WAIT).untilAsserted(() -> assertThat(models().get("workers")).hasSize(1));
        JsonNode models = models();
        assertThat(models.get("state").asText()).isEqualTo("NOT_PULLED");
        assertThat(models.get("detail").asText()).isEqualTo("Ollama has not pulled mistral");
        assertThat(models.get("action").asText()).isEqualTo("ollama pull mistral");
        assertThat(models.at("/workers/0/workerId").asText()).isEqualTo("worker-not-pulled");
    }

    @Test
    void shouldSayUnknownWhenNoFreshStatusExists() {
        JsonNode nothing = models();
        assertThat(nothing.get("state").asText()).isEqualTo("UNKNOWN");
        assertThat(nothing.get("detail").asText()).isEqualTo("no agent-worker has reported on its model yet");
        assertThat(nothing.get("action").asText()).startsWith("start an agent-worker");
        assertThat(nothing.get("workers")).isEmpty();
        assertThat(nothing.get("available")).isEmpty();

        // a report older than model-status-max-age (PT2M), then a fresh one that is tombstoned: once the fresh one
        // is gone again the old one (before it on the one partition) has been read too
        Instant stale = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        publish(status("worker-gone", ModelStatus.State.READY, stale, List.of(), true, true, null, null));
        publish(status("worker-leaving", ModelStatus.State.READY, Instant.now(), List.of(), true, true, null, null));
        await().atMost(WAIT).untilAsserted(() -> assertThat(models().get("workers")).hasSize(1));
        worker.tombstoneModelStatus("worker-leaving");
        await().atMost(WAIT).untilAsserted(() -> assertThat(models().get("workers")).isEmpty());

        JsonNode models = models();
        assertThat(models.get("state").asText()).isEqualTo("UNKNOWN");
        assertThat(models.get("detail").asText()).isEqualTo("no agent-worker has reported on its model within PT2M"
                + " (clusterwise.gateway.model-status-max-age); the latest report is from " + stale);
        assertThat(models.get("action").asText()).startsWith("start an agent-worker");
        assertThat(models.get("configuredModel").isNull()).isTrue();
    }

    private void publish(ModelStatus status) {
        published.add(status.workerId());
        worker.publishModelStatus(status);
    }

    private static ModelStatus status(String workerId, ModelStatus.State state, Instant checkedAt,
                                      List<ModelStatus.Available> available, boolean loaded, Boolean answering,
                                      String detail, String action) {
        return new ModelStatus(workerId, "http://ollama:11434", "mistral", state, available, loaded, answering,
                detail, action, checkedAt, answering == Boolean.TRUE ? checkedAt.minusSeconds(1) : null);
    }

    private static JsonNode models() {
        HttpResponse<String> response = gateway.get("/api/models");
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            return WireJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
