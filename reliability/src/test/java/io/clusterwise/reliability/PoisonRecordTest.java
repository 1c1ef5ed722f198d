package io.clusterwise.reliability;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.ModelStatus;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.PayloadType;
import io.clusterwise.contracts.Severity;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.devstack.ServiceLauncher;
import io.clusterwise.testsupport.chat.SseChat;
import io.fabric8.kubernetes.api.model.Pod;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.support.KafkaHeaders;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed records on every topic a service consumes: each goes to that topic's dead-letter topic (with
 * spring-kafka's exception and original-record headers) and the consumer goes on: a valid record sent after them is
 * processed, as a user sees it. Consumers: the worker reads {@code agent.questions} (group listener),
 * {@code cluster.events}, {@code cluster.state}, {@code cluster.logs}, {@code agent.suppressions} and
 * {@code agent.episodes} (its own feeds); the gateway reads {@code agent.replies} (its reply partition),
 * {@code agent.insights}, {@code agent.suppressions} and {@code agent.models} (listener containers); ingest reads
 * {@code cluster.state}, {@code cluster.events} and {@code cluster.logs} once at start-up, skipping what it cannot
 * read (its readers dead-letter it), and must start anyway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisonRecordTest {

    private static final Duration EFFECT = Duration.ofSeconds(45);
    private static final String GREETER_QUESTION = "why is greeter failing?";
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private static ReliabilityStack stack;
    private static ConfigurableApplicationContext ingest;
    private static ConfigurableApplicationContext worker;
    private static ConfigurableApplicationContext gateway;
    private static GatewayHttp http;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
        ingest = stack.startIngest(Map.of());
        worker = stack.startWorker(Map.of());
        gateway = stack.startGateway(Map.of());
        http = new GatewayHttp(ReliabilityStack.url(gateway));
        // everything consumes before the poison arrives: the first answer is the control
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertAnswered(GREETER_QUESTION));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldDeadLetterPoisonAndStillAnswerWhenAgentQuestionsHoldsMalformedRecords() {
        List<RecordMetadata> poison = sendPoison(Topic.AGENT_QUESTIONS, null, "{\"conversationId\":\"c-1\"}");

        await().atMost(EFFECT).untilAsserted(() -> assertAnswered(GREETER_QUESTION));
        int copies = assertDeadLettered(Topic.AGENT_QUESTIONS, poison);
        record(Topic.AGENT_QUESTIONS, poison, copies, "a chat answered after them");
    }

    @Test
    @Order(2)
    void shouldDeadLetterPoisonAndStillDiagnoseWhenClusterEventsHoldsMalformedRecords() {
        List<RecordMetadata> poison = sendPoison(Topic.CLUSTER_EVENTS, null, "{\"origin\":\"EVENT\",\"reason\":"
                + "\"BackOff\",\"type\":\"Warning\"}");
        sendValid(Topic.CLUSTER_EVENTS, unschedulable("poisoned-events"));

        await().atMost(EFFECT).untilAsserted(() -> {
            HttpResponse<String> diagnosis = http.get("/api/diagnose?namespace=poisoned-events");
            assertThat(diagnosis.statusCode()).isEqualTo(200);
            assertThat(diagnosis.body()).contains("FailedScheduling").contains("after-poison");
        });
        int copies = assertDeadLettered(Topic.CLUSTER_EVENTS, poison);
        record(Topic.CLUSTER_EVENTS, poison, copies, "an event after them diagnosed");
    }

    @Test
    @Order(3)
    void shouldDeadLetterPoisonAndStillKnowNewObjectsWhenClusterStateHoldsMalformedRecords() {
        List<RecordMetadata> poison = sendPoison(Topic.CLUSTER_STATE, null, "{\"manifest\":{}}");
        ObjectSnapshot namespace = new ObjectSnapshot(
                new ObjectRef("Namespace", null, "poisoned-state", UUID.randomUUID().toString()), List.of(), "1",
                Instant.now(), WireJson.mapper().createObjectNode().put("kind", "Namespace"));
        sendValid(Topic.CLUSTER_STATE, namespace);

        await().atMost(EFFECT).untilAsserted(() -> {
            HttpResponse<String> namespaces = http.get("/api/namespaces");
            assertThat(namespaces.statusCode()).isEqualTo(200);
            assertThat(WireJson.mapper().readTree(namespaces.body()).path("namespaces").toString())
                    .contains("\"poisoned-state\"");
        });
        int copies = assertDeadLettered(Topic.CLUSTER_STATE, poison);
        record(Topic.CLUSTER_STATE, poison, copies, "a namespace snapshot after them listed");
    }

    @Test
    @Order(4)
    void shouldDeadLetterPoisonAndStillCiteLogsWhenClusterLogsHoldsMalformedRecords() {
        List<RecordMetadata> poison = sendPoison(Topic.CLUSTER_LOGS, null, "{\"container\":\"greeter\"}");
        Pod greeter = stack.kube().pods().inNamespace("demo").list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith("greeter-")).findFirst().orElseThrow();
        String line = "panic: after-poison-line-" + SERIAL.incrementAndGet();
        ContainerLog log = new ContainerLog(new ObjectRef("Pod", "demo", greeter.getMetadata().getName(),
                greeter.getMetadata().getUid()), greeter.getSpec().getContainers().get(0).getName(), 9_999, "Error", 2,
                List.of("starting greeter", line), false, Instant.now());
        sendValid(Topic.CLUSTER_LOGS, log);

        await().atMost(EFFECT).untilAsserted(() -> {
            SseChat.Answer answer = ReliabilityStack.chat(gateway).ask(GREETER_QUESTION, Duration.ofSeconds(30));
            assertThat(answer.complete()).hasValueSatisfying(c ->
                    assertThat(c.path("evidence").toString()).contains(line));
        });
        int copies = assertDeadLettered(Topic.CLUSTER_LOGS, poison);
        record(Topic.CLUSTER_LOGS, poison, copies, "a log after them cited in an answer");
    }

    @Test
    @Order(5)
    void shouldDeadLetterPoisonOncePerReaderAndStillMuteWhenAgentSuppressionsHoldsMalformedRecords() {
        List<RecordMetadata> poison = sendPoison(Topic.AGENT_SUPPRESSIONS, null,
                "{\"pattern\":\"Poison:*\",\"createdAt\":\"2026-01-01T00:00:00Z\","
                        + "\"expiresAt\":\"2099-01-01T00:00:00Z\"}");

        HttpResponse<String> muted = http.postJson("/api/suppressions",
                "{\"pattern\":\"AfterPoison:*\",\"reason\":\"poison test\"}");
        assertThat(muted.statusCode()).isEqualTo(201);
        await().atMost(EFFECT).untilAsserted(() ->
                assertThat(http.get("/api/suppressions").body()).contains("AfterPoison:*"));
        // both readers (the gateway's listener and the worker's feed) dead-letter their own copy
        int copies = assertDeadLettered(Topic.AGENT_SUPPRESSIONS, poison, 2);
        assertWorkerHealthy();
        record(Topic.AGENT_SUPPRESSIONS, poison, copies, "a mute after them listed; worker health UP");
    }

    @Test
    @Order(6)
    void shouldDeadLetterPoisonAndStillAnnounceWhenAgentEpisodesHoldsMalformedRecords() {
        List<RecordMetadata> poison = sendPoison(Topic.AGENT_EPISODES, null, "{\"state\":\"OPEN\"}");
        sendValid(Topic.CLUSTER_EVENTS, unschedulable("poisoned-episodes"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(http.get("/api/insights").body())
                        .contains("FailedScheduling:Pod/poisoned-episodes/after-poison"));
        int copies = assertDeadLettered(Topic.AGENT_EPISODES, poison);
        record(Topic.AGENT_EPISODES, poison, copies, "the next incident's insight announced after them");
    }

    @Test
    @Order(7)
    void shouldDeadLetterPoisonAndStillAnswerWhenTheGatewaysReplyPartitionHoldsMalformedRecords() {
        int replyPartition = 0; // the gateway's default clusterwise.gateway.reply-partition
        List<RecordMetadata> poison = sendPoison(Topic.AGENT_REPLIES, replyPartition,
                "{\"conversationId\":\"c-1\",\"seq\":0,\"text\":\"orphan\"}");

        await().atMost(EFFECT).untilAsserted(() -> assertAnswered(GREETER_QUESTION));
        int copies = assertDeadLettered(Topic.AGENT_REPLIES, poison);
        record(Topic.AGENT_REPLIES, poison, copies, "a chat answered after them");
    }

    @Test
    @Order(8)
    void shouldDeadLetterPoisonAndStillShowInsightsWhenAgentInsightsHoldsMalformedRecords() {
        List<RecordMetadata> poison = sendPoison(Topic.AGENT_INSIGHTS, null,
                "{\"title\":\"an insight about nothing\",\"severity\":\"warning\"}");
        Insight insight = new Insight("AfterPoison:Pod/demo/after-poison", Insight.Transition.OPENED,
                Severity.WARNING, "after-poison insight", List.of(), List.of(), List.of(), null, Instant.now());
        sendValid(Topic.AGENT_INSIGHTS, insight);

        await().atMost(EFFECT).untilAsserted(() ->
                assertThat(http.get("/api/insights").body()).contains("after-poison insight"));
        assertThat(http.get("/api/insights").body()).doesNotContain("an insight about nothing");
        int copies = assertDeadLettered(Topic.AGENT_INSIGHTS, poison);
        record(Topic.AGENT_INSIGHTS, poison, copies, "an insight after them shown");
    }

    @Test
    @Order(9)
    void shouldDeadLetterPoisonAndStillListModelsWhenAgentModelsHoldsMalformedRecords() {
        List<RecordMetadata> poison = sendPoison(Topic.AGENT_MODELS, null, "{\"state\":\"READY\"}");
        ModelStatus status = new ModelStatus("after-poison-worker", "http://ollama:11434", "mistral",
                ModelStatus.State.READY, List.of(), true, true, null, null, Instant.now(), null);
        sendValid(Topic.AGENT_MODELS, status);

        await().atMost(EFFECT).untilAsserted(() ->
                assertThat(http.get("/api/models").body()).contains("after-poison-worker"));
        int copies = assertDeadLettered(Topic.AGENT_MODELS, poison);
        record(Topic.AGENT_MODELS, poison, copies, "a model status after them listed");
    }

    /** Ingest reads cluster.state, cluster.events and cluster.logs at start-up (its de-duplication memory). */
    @Test
    @Order(10)
    void shouldStartIngestAndPublishWhenTheTopicsItRemembersFromHoldMalformedRecords() {
        List<RecordMetadata> poison = new ArrayList<>();
        poison.addAll(sendPoison(Topic.CLUSTER_STATE, null, "{\"manifest\":{}}"));
        poison.addAll(sendPoison(Topic.CLUSTER_EVENTS, null, "{\"origin\":\"EVENT\"}"));
        poison.addAll(sendPoison(Topic.CLUSTER_LOGS, null, "{\"container\":\"x\"}"));
        stack.stop(ingest);
        ingest = stack.startIngest(Map.of());

        String message = "after-poison ingest restart " + SERIAL.incrementAndGet();
        stack.kube().v1().events().inNamespace("demo").resource(PodEvents.warning("demo",
                        "greeter.after-poison-" + SERIAL.get(), "greeter-after-poison", UUID.randomUUID().toString(),
                        Instant.now())
                .withReason("Unhealthy").withMessage(message).build()).create();

        await().atMost(EFFECT).untilAsserted(() -> assertThat(stack.topics().committed(Topic.CLUSTER_EVENTS))
                .anySatisfy(r -> assertThat(r.text()).contains(message)));
        record("ingest start-up", poison, 0, "ingest restarted and published the next event");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Sends the malformed records for {@code topic}: not JSON, JSON of the wrong shape, unsupported schema version,
     * an unknown type, a type another topic carries, invalid UTF-8, the topic's own type with a required field
     * missing ({@code missingField}), and a value of ~700 kB.
     */
    private static List<RecordMetadata> sendPoison(Topic topic, Integer partition, String missingField) {
        String own = topic.carried().iterator().next().tag();
        String foreign = (topic.carries(PayloadType.SUPPRESSION) ? PayloadType.INSIGHT : PayloadType.SUPPRESSION)
                .tag();
        List<byte[]> values = List.of(
                utf8("this is not JSON {{"),
                utf8("[1, 2, 3]"),
                utf8("{\"hello\": \"world\"}"),
                utf8(envelope(own, "{}").replace("\"schemaVersion\":1", "\"schemaVersion\":99")),
                utf8(envelope("io.clusterwise.no.such.type", "{}")),
                utf8(envelope(foreign, "{}")),
                invalidUtf8(envelope(own, "{\"text\":\"@@\"}")),
                utf8(envelope(own, missingField)),
                utf8(envelope(own, "\"" + "x".repeat(700_000) + "\"")));
        List<RecordMetadata> sent = new ArrayList<>();
        for (byte[] value : values) {
            sent.add(stack.sendRaw(new ProducerRecord<>(topic.topicName(), partition,
                    "poison-" + SERIAL.incrementAndGet(), value)));
        }
        return sent;
    }

    private static void sendValid(Topic topic, Payload payload) {
        stack.sendRaw(new ProducerRecord<>(topic.topicName(), "valid-" + SERIAL.incrementAndGet(),
                WireJson.write(Envelope.of(ReliabilityStack.CLUSTER, "after-poison", payload))));
    }

    private static String envelope(String type, String data) {
        return "{\"schemaVersion\":1,\"id\":\"poison-" + SERIAL.incrementAndGet() + "\",\"time\":\"" + Instant.now()
                + "\",\"source\":\"" + ReliabilityStack.CLUSTER + "\",\"type\":\"" + type
                + "\",\"subject\":\"poison\",\"data\":" + data + "}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code json} with its "@@" replaced by bytes that are no UTF-8 (a lone continuation byte, an overlong form). */
    private static byte[] invalidUtf8(String json) {
        int at = json.indexOf("@@");
        byte[] head = utf8(json.substring(0, at));
        byte[] tail = utf8(json.substring(at + 2));
        byte[] bad = {(byte) 0x80, (byte) 0xC0, (byte) 0xAF, (byte) 0xFF};
        byte[] out = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bad, 0, out, head.length, bad.length);
        System.arraycopy(tail, 0, out, head.length + bad.length, tail.length);
        return out;
    }

    /** A scheduler's FailedScheduling event about pod {@code namespace/after-poison}: an incident of its own. */
    private static ClusterEvent unschedulable(String namespace) {
        Instant now = Instant.now();
        return new ClusterEvent(UUID.randomUUID().toString(), ClusterEvent.Origin.EVENT,
                new ObjectRef("Pod", namespace, "after-poison", UUID.randomUUID().toString()), List.of(),
                "FailedScheduling", "0/2 nodes are available: 2 Insufficient cpu.", EventType.Warning, 1, now, now,
                "default-scheduler", "1", null);
    }

    private static int assertDeadLettered(Topic topic, List<RecordMetadata> poison) {
        return assertDeadLettered(topic, poison, 1);
    }

    /**
     * Waits until every poison record is on {@code topic}'s dead-letter topic, {@code readers} copies (one per
     * service that reads it), each with spring-kafka's headers; returns the copies found.
     */
    private static int assertDeadLettered(Topic topic, List<RecordMetadata> poison, int readers) {
        int[] copies = new int[1];
        await().atMost(EFFECT).untilAsserted(() -> {
            List<TopicScan.Read> dead = stack.topics().all(topic.deadLetterTopicName());
            copies[0] = 0;
            for (RecordMetadata sent : poison) {
                List<TopicScan.Read> mine = dead.stream()
                        .filter(r -> r.header(KafkaHeaders.DLT_ORIGINAL_TOPIC).orElse("").equals(topic.topicName()))
                        .filter(r -> r.numberHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).orElse(-1L) == sent.offset())
                        .filter(r -> r.numberHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).orElse(-1L)
                                == sent.partition())
                        .toList();
                assertThat(mine).as("dead letters of %s-%d@%d", topic.topicName(), sent.partition(), sent.offset())
                        .hasSize(readers)
                        .allSatisfy(r -> {
                            assertThat(r.partition()).isEqualTo(sent.partition());
                            assertThat(r.header(KafkaHeaders.DLT_EXCEPTION_MESSAGE)).hasValueSatisfying(m ->
                                    assertThat(m).isNotBlank());
                            assertThat(r.header(KafkaHeaders.DLT_EXCEPTION_FQCN)).isPresent();
                        });
                copies[0] += mine.size();
            }
        });
        return copies[0];
    }

    private static void assertAnswered(String question) throws Exception {
        SseChat.Answer answer = ReliabilityStack.chat(gateway).ask(question, Duration.ofSeconds(30));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.complete()).hasValueSatisfying(c -> assertThat(c.path("answer").asText()).isNotBlank());
    }

    private static void assertWorkerHealthy() {
        GatewayHttp workerHttp = new GatewayHttp("http://localhost:" + ServiceLauncher.port(worker));
        await().atMost(EFFECT).untilAsserted(() -> {
            HttpResponse<String> health = workerHttp.get("/actuator/health");
            assertThat(WireJson.mapper().readTree(health.body()).path("status").asText()).isEqualTo("UP");
            assertThat(health.body()).doesNotContain("\"DOWN\"");
        });
    }

    private static void record(Topic topic, List<RecordMetadata> poison, int copies, String after) {
        record(topic.topicName(), poison, copies, after);
    }

    private static void record(String where, List<RecordMetadata> poison, int copies, String after) {
        Figures.record("PoisonRecordTest", "malformed records on " + where,
                "poison records sent " + poison.size() + ", on the DLT " + copies + ", valid records processed after"
                        + " them 1 (" + after + ")");
    }
}
