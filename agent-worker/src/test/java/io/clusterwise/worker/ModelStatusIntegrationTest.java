package io.clusterwise.worker;

import io.clusterwise.contracts.ModelStatus;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each worker's model status on the compacted {@code agent.models}: a real KRaft broker, the worker started through
 * its entry point, and the Ollama protocol double. The first worker checks Ollama only at start and whenever the
 * outcome of its answers changes (its periodic interval is an hour), so every status after the first shows the
 * immediate publication; the double starts without the configured model.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelStatusIntegrationTest {

    private static final String WORKER = "worker-a";
    private static final int REPLY_PARTITION = 1;

    private static EmbeddedKafkaKraftBroker broker;
    private static OllamaDouble ollama;
    private static KafkaProbe kafka;
    private static KafkaProbe.Reader models;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        broker = KafkaProbe.broker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
        }
        kafka = new KafkaProbe(broker.getBrokersAsString());
        models = kafka.reader(Topic.AGENT_MODELS.topicName(), Topic.AGENT_MODELS.partitions());
        ollama = OllamaDouble.start().models("llama3.2");
        worker = startWorker(WORKER, Duration.ofHours(1));
        Fixtures.awaitQuestionsAssigned(worker);
    }

    private static ConfigurableApplicationContext startWorker(String id, Duration interval) {
        return AgentWorkerApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--clusterwise.cluster-name=it",
                "--clusterwise.worker.instance-id=" + id,
                "--clusterwise.worker.model-status.interval=" + interval,
                "--clusterwise.worker.ollama.base-url=" + ollama.baseUrl(),
                "--clusterwise.worker.ollama.timeout=PT5S",
                "--clusterwise.worker.answer-deadline=PT4S",
                "--clusterwise.worker.episodes.explanation-timeout=PT0S");
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (models != null) {
            models.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (ollama != null) {
            ollama.stop();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    @Order(1)
    void shouldPublishNotPulledWithPullCommandWhenModelIsMissing() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(latest(WORKER)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(ModelStatus.State.NOT_PULLED);
            assertThat(s.detail()).isEqualTo("model 'mistral' is not pulled on " + ollama.baseUrl());
            assertThat(s.action()).isEqualTo("ollama pull mistral");
            assertThat(s.configuredModel()).isEqualTo("mistral");
            assertThat(s.ollamaUrl()).isEqualTo(ollama.baseUrl());
            assertThat(s.available()).extracting(ModelStatus.Available::name).containsExactly("llama3.2:latest");
            assertThat(s.loaded()).isFalse();
            assertThat(s.answering()).as("no answer yet").isNull();
            assertThat(s.lastAnswerAt()).isNull();
            assertThat(s.checkedAt()).isNotNull();
        }));
    }

    @Test
    @Order(2)
    void shouldPublishReadyWhenModelIsPulledAndLoaded() {
        ollama.models("mistral", "llama3.2");

        kafka.ask("why is greeter crashing?", REPLY_PARTITION);

        // the model answered: published at once, and Ollama now holds it in memory
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(latest(WORKER)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(ModelStatus.State.READY);
            assertThat(s.usable()).isTrue();
            assertThat(s.loaded()).isTrue();
            assertThat(s.answering()).isTrue();
            assertThat(s.lastAnswerAt()).isNotNull();
            assertThat(s.detail()).isNull();
            assertThat(s.action()).isNull();
            assertThat(s.available()).extracting(ModelStatus.Available::name)
                    .containsExactly("mistral:latest", "llama3.2:latest");
            assertThat(s.available()).allSatisfy(a -> {
                assertThat(a.sizeBytes()).isPositive();
                assertThat(a.modifiedAt()).isNotNull();
            });
        }));
    }

    @Test
    @Order(3)
    void shouldPublishFailingWhenLastAnswerFailed() {
        ollama.failWith(503, "server busy");
        try {
            kafka.ask("why is greeter crashing?", REPLY_PARTITION);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(latest(WORKER)).satisfies(s -> {
                assertThat(s.state()).isEqualTo(ModelStatus.State.FAILING);
                assertThat(s.detail()).isEqualTo("Ollama at " + ollama.baseUrl() + " answered HTTP 503: server busy");
                assertThat(s.action()).startsWith("look at the log of Ollama at " + ollama.baseUrl());
                assertThat(s.answering()).isFalse();
                assertThat(s.lastAnswerAt()).as("the earlier answer's time").isNotNull();
            }));
        } finally {
            ollama.healthy();
        }
        kafka.ask("and now?", REPLY_PARTITION);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(latest(WORKER)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(ModelStatus.State.READY);
            assertThat(s.answering()).isTrue();
        }));
    }

    @Test
    @Order(4)
    void shouldTombstoneStatusWhenWorkerStops() {
        ConfigurableApplicationContext second = startWorker("worker-b", Duration.ofMillis(200));
        try {
            // checked again and again: each status a new check
            await().atMost(Duration.ofSeconds(15)).until(() -> statuses("worker-b").stream()
                    .map(ModelStatus::checkedAt).distinct().count() >= 2);
            assertThat(latest("worker-b").state()).isEqualTo(ModelStatus.State.READY);
        } finally {
            second.close();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<ConsumerRecord<String, byte[]>> records = records("worker-b");
            assertThat(records.get(records.size() - 1).value()).as("a tombstone is the last word").isNull();
        });
        assertThat(latest("worker-b")).isNull();
        assertThat(latest(WORKER)).as("the other worker's status stays").isNotNull();
    }

    @Test
    @Order(100)
    void shouldPublishUnreachableWhenOllamaIsDown() {
        ollama.stop();

        kafka.ask("why is greeter crashing?", REPLY_PARTITION);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(latest(WORKER)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(ModelStatus.State.UNREACHABLE);
            assertThat(s.detail()).startsWith("Ollama is unreachable at " + ollama.baseUrl());
            assertThat(s.action()).contains("`ollama serve`", "clusterwise.worker.ollama.base-url");
            assertThat(s.available()).isEmpty();
            assertThat(s.loaded()).isFalse();
            assertThat(s.answering()).isFalse();
        }));
    }

    private static List<ConsumerRecord<String, byte[]>> records(String workerId) {
        return models.poll().stream().filter(r -> workerId.equals(r.key())).toList();
    }

    private static List<ModelStatus> statuses(String workerId) {
        return records(workerId).stream().map(KafkaProbe.Reader::envelope).filter(Objects::nonNull)
                .map(e -> (ModelStatus) e.data()).toList();
    }

    /** The worker's latest status; null when the last record is a tombstone or there is none. */
    private static ModelStatus latest(String workerId) {
        List<ConsumerRecord<String, byte[]>> records = records(workerId);
        if (records.isEmpty() || records.get(records.size() - 1).value() == null) {
            return null;
        }
        return (ModelStatus) KafkaProbe.Reader.envelope(records.get(records.size() - 1)).data();
    }
}
