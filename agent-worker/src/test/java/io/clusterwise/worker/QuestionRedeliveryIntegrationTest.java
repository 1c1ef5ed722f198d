package io.clusterwise.worker;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The question listener commits a question's offset only once its answer is sent, so a worker stopped mid-answer
 * leaves the question to the next owner of its partition; a question read again is not answered twice by the worker
 * that answered it; poison still goes to the DLT and the offset moves on. A real KRaft broker, the worker through its
 * entry point, {@link OllamaDouble} as the model; the group's committed offsets are read with an Admin client.
 */
class QuestionRedeliveryIntegrationTest {

    private static final String GROUP = "clusterwise-agent-worker";
    private static final int REPLY_PARTITION = 1;
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for the slow answer below, which must end with the model and not at the deadline. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProbe kafka;
    private static KafkaProbe.Reader replies;
    private static Admin admin;
    private static OllamaDouble ollama;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        broker = KafkaProbe.broker();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        Topics.ensureCreated(admin, (short) 1);
        kafka = new KafkaProbe(broker.getBrokersAsString());
        replies = kafka.reader(Topic.AGENT_REPLIES.topicName(), Topic.AGENT_REPLIES.partitions());
        ollama = OllamaDouble.start();
        worker = AgentWorkerApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--clusterwise.cluster-name=it",
                "--clusterwise.worker.instance-id=redelivery-it",
                "--clusterwise.worker.ollama.base-url=" + ollama.baseUrl(),
                "--clusterwise.worker.ollama.timeout=PT30S",
                "--clusterwise.worker.answer-deadline=" + DEADLINE,
                "--clusterwise.worker.questions.session-timeout=PT6S",
                "--clusterwise.worker.questions.heartbeat-interval=PT1S");
        Fixtures.awaitQuestionsAssigned(worker);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{worker, replies, kafka, admin}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (ollama != null) {
            ollama.stop();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldCommitAQuestionsOffsetOnlyOnceItsAnswerIsSentWhenLaterQuestionsFinishFirst() {
        String conversation = "conv-" + UUID.randomUUID(); // one key: every question on one partition
        ollama.healthy().reply("Fine.");
        ChatQuestion first = question(conversation, "first question");
        RecordMetadata firstAt = kafka.askAt(first, REPLY_PARTITION);
        TopicPartition partition = new TopicPartition(firstAt.topic(), firstAt.partition());
        await().atMost(WAIT).untilAsserted(() -> assertThat(committed(partition)).isEqualTo(firstAt.offset() + 1));

        ollama.reply("slowly ", "answered.").chunkDelay(Duration.ofSeconds(4));
        ChatQuestion slow = question(conversation, "the slow question");
        RecordMetadata slowAt = kafka.askAt(slow, REPLY_PARTITION);
        await().atMost(WAIT).until(() -> ollama.chatRequests().stream()
                .anyMatch(chat -> chat.allContent().contains("the slow question")));
        ollama.healthy(); // the slow answer keeps its delay; the next ones answer at once
        ChatQuestion second = question(conversation, "a quick one");
        ChatQuestion third = question(conversation, "another quick one");
        kafka.askAt(second, REPLY_PARTITION);
        RecordMetadata thirdAt = kafka.askAt(third, REPLY_PARTITION);

        await().atMost(WAIT).untilAsserted(() -> {
            List<ChatReply> read = replies();
            assertThat(completes(read, second)).hasSize(1);
            assertThat(completes(read, third)).hasSize(1);
            assertThat(read).as("the slow answer is streaming")
                    .anyMatch(r -> r instanceof ChatReply.Chunk c && c.questionId().equals(slow.questionId()));
        });
        // the later answers are done, the slow one is not: nothing past it may be committed
        assertThat(completes(replies(), slow)).as("the slow answer is still streaming").isEmpty();
        assertThat(unsettled()).isEqualTo(1.0);
        await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() ->
                assertThat(committed(partition)).isEqualTo(slowAt.offset()));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(completes(replies(), slow)).singleElement()
                    .satisfies(c -> assertThat(c.mode()).isEqualTo(ChatReply.AnswerMode.MODEL));
            assertThat(committed(partition)).isEqualTo(thirdAt.offset() + 1);
        });
        assertThat(unsettled()).isZero();
    }

    @Test
    void shouldNotAnswerAQuestionTwiceWhenItIsReadAgainAfterThisWorkerAnsweredIt() {
        ollama.healthy().reply("Answered once.");
        ChatQuestion question = question("conv-" + UUID.randomUUID(), "asked twice");
        kafka.askAt(question, REPLY_PARTITION);
        await().atMost(WAIT).untilAsserted(() -> assertThat(completes(replies(), question)).hasSize(1));
        double duplicatesBefore = duplicates();
        int chatsBefore = ollama.chatRequests().size();

        RecordMetadata againAt = kafka.askAt(question, REPLY_PARTITION); // the same question, read again
        TopicPartition partition = new TopicPartition(againAt.topic(), againAt.partition());

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(committed(partition)).isEqualTo(againAt.offset() + 1);
            assertThat(duplicates()).isEqualTo(duplicatesBefore + 1);
        });
        assertThat(ollama.chatRequests()).hasSize(chatsBefore);
        List<ChatReply> read = replies();
        assertThat(completes(read, question)).hasSize(1);
        assertThat(read).filteredOn(r -> r.questionId().equals(question.questionId()))
                .extracting(ChatReply::answerId).containsOnly(completes(read, question).get(0).answerId())
                .allSatisfy(id -> assertThat(id).matches("redelivery-it/[0-9a-f]{8}-\\d+"));
    }

    @Test
    void shouldDeadLetterAMalformedQuestionAndCommitPastItWhenNothingBeforeItIsUnanswered() {
        byte[] poison = "{\"not\": \"an envelope\"".getBytes(StandardCharsets.UTF_8);
        try (KafkaProbe.Reader dlt = kafka.reader(Topic.AGENT_QUESTIONS.deadLetterTopicName(),
                Topic.AGENT_QUESTIONS.partitions())) {
            RecordMetadata poisonAt = kafka.sendRaw(Topic.AGENT_QUESTIONS.topicName(), 3, poison);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(dlt.poll()).anySatisfy(r -> {
                    assertThat(r.value()).isEqualTo(poison);
                    assertThat(r.partition()).isEqualTo(3);
                });
                assertThat(committed(new TopicPartition(poisonAt.topic(), 3))).isEqualTo(poisonAt.offset() + 1);
            });
        }
    }

    private static ChatQuestion question(String conversationId, String text) {
        return new ChatQuestion(UUID.randomUUID().toString(), conversationId, text, Instant.now());
    }

    private static Long committed(TopicPartition partition) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata at = offsets.get(partition);
        return at == null ? null : at.offset();
    }

    private static List<ChatReply> replies() {
        return replies.poll().stream().map(KafkaProbe.Reader::envelope).map(Envelope::data)
                .filter(ChatReply.class::isInstance).map(ChatReply.class::cast).toList();
    }

    private static List<ChatReply.Complete> completes(List<ChatReply> read, ChatQuestion question) {
        return read.stream().filter(ChatReply.Complete.class::isInstance).map(ChatReply.Complete.class::cast)
                .filter(c -> c.questionId().equals(question.questionId())).toList();
    }

    private static double unsettled() {
        return worker.getBean(MeterRegistry.class).get("clusterwise.worker.questions.unsettled").gauge().value();
    }

    private static double duplicates() {
        return worker.getBean(MeterRegistry.class).get("clusterwise.worker.questions.duplicate").functionCounter()
                .count();
    }
}
