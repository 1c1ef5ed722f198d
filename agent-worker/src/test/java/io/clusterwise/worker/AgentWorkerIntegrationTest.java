package io.clusterwise.worker;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Severity;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import io.clusterwise.testsupport.ollama.RecordedChat;
import io.clusterwise.worker.window.EventWindow;
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
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.clusterwise.worker.Fixtures.BACKOFF_MESSAGE;
import static io.clusterwise.worker.Fixtures.GREETER_POD;
import static io.clusterwise.worker.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker as it runs: a real KRaft broker with clusterwise's topics, the worker started through its entry point,
 * and a real HTTP server speaking Ollama's protocol. Crash-looping greeter events are on cluster.events before the
 * worker starts, so its window is rebuilt from Kafka.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentWorkerIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(4);
    private static final int REPLY_PARTITION = 3;
    private static final String POD_NAME = GREETER_POD.name();

    private static EmbeddedKafkaKraftBroker broker;
    private static OllamaDouble ollama;
    private static KafkaProbe kafka;
    private static KafkaProbe.Reader replies;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
        }
        kafka = new KafkaProbe(broker.getBrokersAsString());
        Fixtures.crashLoopingGreeter().forEach(kafka::publishEvent);
        Fixtures.healthyCoreDns().forEach(kafka::publishEvent);
        replies = kafka.reader(Topic.AGENT_REPLIES.topicName(), Topic.AGENT_REPLIES.partitions());

        ollama = OllamaDouble.start();
        worker = AgentWorkerApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--clusterwise.cluster-name=it",
                "--clusterwise.worker.ollama.base-url=" + ollama.baseUrl(),
                "--clusterwise.worker.ollama.timeout=PT10S",
                "--clusterwise.worker.answer-deadline=" + DEADLINE);

        EventWindow window = worker.getBean(EventWindow.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> window.size() == 8);
        KafkaListenerEndpointRegistry registry = worker.getBean(KafkaListenerEndpointRegistry.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.getListenerContainers().stream()
                .allMatch(c -> c.getAssignedPartitions() != null && c.getAssignedPartitions().size()
                        == Topic.AGENT_QUESTIONS.partitions()));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (replies != null) {
            replies.close();
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
    void shouldStreamTheModelsAnswerAndCompleteWithFindingsWhenOllamaIsHealthy() {
        ollama.healthy().reply("Greeter ", "exits with code 2 ", "[E1].");

        ChatQuestion q = kafka.ask("Why is greeter crashing?", REPLY_PARTITION);

        ChatReply.Complete complete = awaitComplete(q);
        List<ConsumerRecord<String, byte[]>> records = recordsOf(q);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.partition()).isEqualTo(REPLY_PARTITION);
            assertThat(r.key()).isEqualTo(q.conversationId());
            assertThat(ReplyHeaders.string(r.headers(), ReplyHeaders.CORRELATION_ID)).hasValue(q.questionId());
        });
        assertThat(chunks(records)).extracting(ChatReply.Chunk::text)
                .containsExactly("Greeter ", "exits with code 2 ", "[E1].");
        assertThat(chunks(records)).extracting(ChatReply.Chunk::seq).containsExactly(0, 1, 2);
        assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.MODEL);
        assertThat(complete.answer()).isEqualTo("Greeter exits with code 2 [E1].");
        assertThat(complete.model()).isEqualTo("mistral");
        assertThat(complete.notice()).isNull();
        assertThat(complete.findings()).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("CrashLoopBackOff");
            assertThat(f.object().name()).isEqualTo(POD_NAME);
            assertThat(f.evidenceIds()).containsExactly("E1", "E2");
        });
        assertThat(complete.evidence()).isNotEmpty();
        RecordedChat chat = lastChat();
        assertThat(chat.allContent()).contains(POD_NAME, BACKOFF_MESSAGE, "Why is greeter crashing?");
        assertThat(chat.options()).containsEntry("num_ctx", 4096);
    }

    @Test
    @Order(2)
    void shouldAnswerFindingsOnlyWithThePullCommandWhenTheModelIsNotPulled() {
        ollama.healthy().models("llama3.2");
        try {
            ChatQuestion q = kafka.ask("what is wrong with greeter?", REPLY_PARTITION);

            ChatReply.Complete complete = awaitComplete(q);

            assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
            assertThat(complete.notice()).isEqualTo("model 'mistral' is not pulled on " + ollama.baseUrl()
                    + " — run `ollama pull mistral`");
            assertThat(complete.answer()).contains("The model was unavailable", "ollama pull mistral",
                    "Pod/demo/" + POD_NAME, "CrashLoopBackOff", "9 times", "[E1][E2]");
            assertThat(complete.findings()).extracting(f -> f.object().name()).containsExactly(POD_NAME);
            assertWithinDeadline(q);
        } finally {
            ollama.models("mistral");
        }
    }

    @Test
    @Order(3)
    void shouldSendExactlyOneFindingsOnlyCompleteWhenTheStreamBreaksMidway() {
        ollama.healthy().reply("Greeter ", "never finishes").failMidStream("model runner has unexpectedly stopped");
        try {
            ChatQuestion q = kafka.ask("why is greeter crashing?", REPLY_PARTITION);

            ChatReply.Complete complete = awaitComplete(q);
            assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
            assertThat(complete.notice()).contains("model runner has unexpectedly stopped");
            assertThat(complete.answer()).contains(POD_NAME);
            // past the deadline, when a second Complete would have been sent
            await().during(DEADLINE.plusSeconds(1)).atMost(DEADLINE.plusSeconds(3))
                    .until(() -> completes(recordsOf(q)).size() == 1);
        } finally {
            ollama.healthy();
        }
    }

    @Test
    @Order(4)
    void shouldAnswerFindingsOnlyWithinTheDeadlineWhenTheModelIsTooSlow() {
        ollama.healthy().reply("too ", "late").chunkDelay(DEADLINE.multipliedBy(2));
        try {
            ChatQuestion q = kafka.ask("why is greeter crashing?", REPLY_PARTITION);

            ChatReply.Complete complete = awaitComplete(q);

            assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
            assertThat(complete.notice()).isEqualTo("the model did not finish within " + DEADLINE
                    + " (clusterwise.worker.answer-deadline)");
            assertThat(complete.answer()).contains(POD_NAME);
            assertThat(chunks(recordsOf(q))).isEmpty();
            assertWithinDeadline(q);
        } finally {
            ollama.healthy();
        }
    }

    @Test
    @Order(5)
    void shouldDeadLetterAPoisonQuestionAndStillAnswerTheNextOne() {
        byte[] poison = "this is not json".getBytes(StandardCharsets.UTF_8);
        try (KafkaProbe.Reader dlt = kafka.reader(Topic.AGENT_QUESTIONS.deadLetterTopicName(),
                Topic.AGENT_QUESTIONS.partitions())) {
            kafka.sendRaw(Topic.AGENT_QUESTIONS.topicName(), 2, poison);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(dlt.poll())
                    .anySatisfy(r -> {
                        assertThat(r.value()).isEqualTo(poison);
                        assertThat(r.partition()).isEqualTo(2);
                    }));
        }
        ChatQuestion next = kafka.ask("and greeter?", REPLY_PARTITION);

        assertThat(awaitComplete(next).mode()).isEqualTo(ChatReply.AnswerMode.MODEL);
    }

    @Test
    @Order(6)
    void shouldReplyOnTheKeysPartitionWhenTheQuestionHasNoReplyHeaders() {
        ChatQuestion q = kafka.ask("why is greeter crashing?", null);

        ChatReply.Complete complete = awaitComplete(q);

        assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.MODEL);
        assertThat(recordsOf(q)).allSatisfy(r -> assertThat(ReplyHeaders.string(r.headers(),
                ReplyHeaders.CORRELATION_ID)).hasValue(q.questionId()));
    }

    @Test
    @Order(7)
    void shouldPublishOneInsightForTheCrashLoopEvenWhenItKeepsGoing() {
        String fingerprint = "CrashLoopBackOff/" + GREETER_POD.uid();
        try (KafkaProbe.Reader insights = kafka.reader(Topic.AGENT_INSIGHTS.topicName(),
                Topic.AGENT_INSIGHTS.partitions())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> insightsFor(insights, fingerprint).size() == 1);
            Insight insight = insightsFor(insights, fingerprint).get(0);
            assertThat(insight.transition()).isEqualTo(Insight.Transition.OPENED);
            assertThat(insight.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(insight.title()).isEqualTo("Pod demo/" + POD_NAME + " is crash-looping (exit code 2)");
            assertThat(insight.affected()).containsExactly(GREETER_POD);
            assertThat(insight.evidence()).isNotEmpty();
            assertThat(insight.suggestedCommands()).contains("kubectl -n demo describe pod " + POD_NAME,
                    "kubectl -n demo logs " + POD_NAME + " --previous");
            assertThat(insight.explanation()).isNull();

            kafka.publishEvent(Fixtures.greeterBackOff(10, T0.plus(Duration.ofMinutes(63))));

            EventWindow window = worker.getBean(EventWindow.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> window.events().stream()
                    .anyMatch(e -> e.count() == 10));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> insightsFor(insights, fingerprint).size() == 1);
        }
    }

    @Test
    @Order(100)
    void shouldAnswerFindingsOnlyNamingThePodWhenOllamaIsUnreachable() {
        ollama.stop();

        ChatQuestion q = kafka.ask("why is greeter crashing?", REPLY_PARTITION);

        ChatReply.Complete complete = awaitComplete(q);
        assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
        assertThat(complete.notice()).startsWith("Ollama is unreachable at " + ollama.baseUrl());
        assertThat(complete.answer()).contains("Pod/demo/" + POD_NAME);
        assertThat(complete.findings()).extracting(Finding::analyzer).containsExactly("CrashLoopBackOff");
        assertWithinDeadline(q);
    }

    private static ChatReply.Complete awaitComplete(ChatQuestion q) {
        await().atMost(DEADLINE.plusSeconds(10)).until(() -> !completes(recordsOf(q)).isEmpty());
        return completes(recordsOf(q)).get(0);
    }

    /** The Complete left the worker within the deadline of the question being sent. */
    private static void assertWithinDeadline(ChatQuestion q) {
        List<ConsumerRecord<String, byte[]>> records = recordsOf(q);
        ConsumerRecord<String, byte[]> complete = records.stream()
                .filter(r -> KafkaProbe.Reader.envelope(r).data() instanceof ChatReply.Complete).findFirst()
                .orElseThrow();
        Duration took = Duration.between(q.askedAt(), Instant.ofEpochMilli(complete.timestamp()));
        assertThat(took).isLessThan(DEADLINE);
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(ChatQuestion q) {
        return replies.poll().stream()
                .filter(r -> ((ChatReply) KafkaProbe.Reader.envelope(r).data()).questionId().equals(q.questionId()))
                .toList();
    }

    private static List<ChatReply.Chunk> chunks(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> KafkaProbe.Reader.envelope(r).data())
                .filter(ChatReply.Chunk.class::isInstance).map(ChatReply.Chunk.class::cast).toList();
    }

    private static List<ChatReply.Complete> completes(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> KafkaProbe.Reader.envelope(r).data())
                .filter(ChatReply.Complete.class::isInstance).map(ChatReply.Complete.class::cast).toList();
    }

    private static List<Insight> insightsFor(KafkaProbe.Reader insights, String fingerprint) {
        return insights.poll().stream().filter(r -> fingerprint.equals(r.key()))
                .map(r -> (Insight) KafkaProbe.Reader.envelope(r).data()).toList();
    }

    private static RecordedChat lastChat() {
        List<RecordedChat> chats = ollama.chatRequests();
        assertThat(chats).isNotEmpty();
        return chats.get(chats.size() - 1);
    }
}
