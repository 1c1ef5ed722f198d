package io.clusterwise.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Topic;
import io.clusterwise.testsupport.chat.SseChat;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker dies without a clean shutdown (SIGKILL: the OOM killer, a lost node) while it streams an answer. The
 * question must go to another worker, and the person asking must get exactly one complete answer, not a hang until
 * the gateway gives up and not two answers.
 */
class WorkerCrashTest {

    private static final String QUESTION = "why is greeter failing?";
    /** The model's answer, piece by piece: slow for worker A (killed mid-way), at once for worker B. */
    private static final List<String> PIECES = List.of("greeter ", "keeps ", "crash-looping: ", "its container ",
            "exits ", "with code 1 ", "right after start ", "[E1].");
    private static final Duration SLOW_PIECE = Duration.ofMillis(1500);

    /**
     * Both workers: a dead member leaves the question group after 6 s rather than the client default 45 s, and the
     * answer deadline leaves B time to start and answer after taking over (it counts from when the question was sent).
     */
    private static final Map<String, String> WORKER = Map.of(
            "clusterwise.worker.questions.session-timeout", "PT6S",
            "clusterwise.worker.questions.heartbeat-interval", "PT2S",
            "clusterwise.worker.answer-deadline", "PT30S",
            "clusterwise.worker.ollama.timeout", "PT30S");
    /** How long the user's stream waits for a complete before a `timeout` event: bounds a failing run. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(45);

    @Test
    void shouldGiveExactlyOneCompleteAnswerWhenTheAnsweringWorkerIsKilledMidAnswer() throws Exception {
        ExecutorService asker = Executors.newSingleThreadExecutor();
        try (ReliabilityStack stack = ReliabilityStack.start()) {
            stack.startIngest(Map.of());
            ConfigurableApplicationContext gateway = stack.startGateway(
                    Map.of("clusterwise.gateway.answer-timeout", ANSWER_TIMEOUT.toString()));
            stack.ollama().reply(PIECES.toArray(String[]::new)).chunkDelay(SLOW_PIECE);
            WorkerProcess workerA = stack.startWorkerProcess("worker-a", WORKER);
            awaitReady(gateway);

            Future<SseChat.Answer> asked = asker.submit(() ->
                    ReliabilityStack.chat(gateway).ask(QUESTION, ANSWER_TIMEOUT.plusSeconds(15)));
            // A is answering: the model got its prompt and A has streamed a chunk of it towards the user
            await("worker A streaming its answer").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(stack.ollama().chatRequests())
                                .anySatisfy(c -> assertThat(c.allContent()).contains(QUESTION));
                        assertThat(stack.topics().committed(Topic.AGENT_REPLIES))
                                .anySatisfy(r -> assertThat(r.envelope()).hasValueSatisfying(e ->
                                        assertThat(e.data()).isInstanceOf(ChatReply.Chunk.class)));
                    });

            long killedAt = System.nanoTime();
            int exit = workerA.kill();
            stack.ollama().healthy(); // B's model answers at once (A's stream had the slow setting to itself)
            stack.startWorker(withInstanceId("worker-b"));

            SseChat.Answer answer = asked.get(ANSWER_TIMEOUT.plusSeconds(30).toSeconds(), TimeUnit.SECONDS);
            long endedMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();

            assertThat(answer.status()).isEqualTo(200);
            String questionId = answer.events().stream().filter(e -> e.name().equals("meta")).findFirst()
                    .map(e -> e.data().path("questionId").asText()).orElseThrow();
            List<ChatReply> replies = repliesTo(stack, questionId);
            long completesToUser = count(answer, "complete");
            long restarts = count(answer, "restart");
            long completesOnTopic = replies.stream().filter(r -> r instanceof ChatReply.Complete).count();
            Figures.record("WorkerCrashTest", "worker answering a question SIGKILLed after its first chunk",
                    "kill to the user's " + (answer.complete().isPresent() ? "complete " : "stream end (no complete) ")
                            + endedMillis + " ms; user saw complete " + completesToUser + ", restart " + restarts
                            + ", chunk " + count(answer, "chunk") + ", timeout " + count(answer, "timeout")
                            + "; agent.replies: Complete " + completesOnTopic + ", Chunk "
                            + (replies.size() - completesOnTopic) + "; duplicate completes to the user "
                            + Math.max(0, completesToUser - 1) + "; killed worker's exit value " + exit);

            assertThat(answer.names())
                    .as(() -> "the user's stream " + answer.names() + " after worker A was killed mid-answer; "
                            + questionFate(stack, questionId) + "; worker A's log: " + workerA.log().toAbsolutePath())
                    .doesNotContain("timeout", "error")
                    .containsOnlyOnce("complete");
            JsonNode complete = answer.complete().orElseThrow();
            assertThat(complete.path("mode").asText()).isEqualTo("MODEL");
            assertThat(complete.path("answer").asText()).isEqualTo(String.join("", PIECES));
            assertThat(restarts).as("restart events").isLessThanOrEqualTo(1);
            assertThat(String.join("", chunksAfterLastRestart(answer)))
                    .as("the streamed text the user is left reading")
                    .isEqualTo(complete.path("answer").asText());
            // A died before its Complete: the one on the topic is B's, and no other answer went out
            assertThat(completesOnTopic).as("Complete records on agent.replies").isEqualTo(1);
        } finally {
            asker.shutdownNow();
        }
    }

    private static Map<String, String> withInstanceId(String name) {
        Map<String, String> props = new LinkedHashMap<>(WORKER);
        props.put("clusterwise.worker.instance-id", name);
        return props;
    }

    /** Chats are refused (503) until the gateway reads its reply partition: wait for its readiness probe. */
    private static void awaitReady(ConfigurableApplicationContext gateway) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(
                URI.create(ReliabilityStack.url(gateway) + "/actuator/health/readiness")).build();
        await("gateway ready").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200));
    }

    private static long count(SseChat.Answer answer, String event) {
        return answer.names().stream().filter(event::equals).count();
    }

    /** What the user's screen shows once the stream ends: the chunks since the last `restart` (all, without one). */
    private static List<String> chunksAfterLastRestart(SseChat.Answer answer) {
        List<SseChat.Event> events = answer.events();
        int from = answer.names().lastIndexOf("restart") + 1;
        return events.subList(from, events.size()).stream().filter(e -> e.name().equals("chunk"))
                .map(e -> e.data().path("text").asText()).toList();
    }

    private static List<ChatReply> repliesTo(ReliabilityStack stack, String questionId) {
        return stack.topics().committed(Topic.AGENT_REPLIES).stream()
                .flatMap(r -> r.envelope().stream())
                .filter(e -> e.data() instanceof ChatReply reply && reply.questionId().equals(questionId))
                .map(e -> (ChatReply) e.data())
                .toList();
    }

    /** Where the question is, whether the question group counts it as handled, and who holds the group now. */
    private static String questionFate(ReliabilityStack stack, String questionId) {
        Optional<TopicScan.Read> question = stack.topics().committed(Topic.AGENT_QUESTIONS).stream()
                .filter(r -> r.envelope().filter(e -> e.data() instanceof ChatQuestion q
                        && q.questionId().equals(questionId)).isPresent())
                .findFirst();
        if (question.isEmpty()) {
            return "question " + questionId + " is not on " + Topic.AGENT_QUESTIONS.topicName();
        }
        TopicScan.Read q = question.get();
        TopicPartition partition = new TopicPartition(q.topic(), q.partition());
        try (Admin admin = stack.broker().admin()) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(WorkerProcess.QUESTION_GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
            ConsumerGroupDescription group = WorkerProcess.describe(admin);
            String members = group == null ? "no group" : group.groupState() + " " + group.members().stream()
                    .map(m -> m.consumerId() + " " + m.assignment().topicPartitions().stream()
                            .map(TopicPartition::partition).sorted().toList())
                    .collect(Collectors.joining(", ", "[", "]"));
            return "question " + questionId + " is " + partition + "@" + q.offset() + "; group "
                    + WorkerProcess.QUESTION_GROUP + " committed offset "
                    + (committed == null ? "none" : committed.offset()) + " there"
                    + (committed != null && committed.offset() > q.offset()
                            ? " (past the question: the group counts it as handled, so no worker gets it again)"
                            : " (the question is still to be handled)")
                    + "; question group now " + members;
        } catch (Exception e) {
            return "question " + questionId + " is " + partition + "@" + q.offset()
                    + "; cannot read the question group: " + e;
        }
    }
}
