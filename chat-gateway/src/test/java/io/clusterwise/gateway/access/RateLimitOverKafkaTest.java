package io.clusterwise.gateway.access;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.gateway.testing.KafkaWorkerDouble;
import io.clusterwise.gateway.testing.RunningGateway;
import io.clusterwise.gateway.testing.SseClient;
import io.clusterwise.gateway.testing.SseClient.SseEvent;
import io.clusterwise.gateway.testing.SseClient.SseStream;
import io.clusterwise.gateway.testing.TestKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limit counts questions, not the servlet dispatches of their streams: when an answer completes, Spring MVC
 * dispatches the request through its handler chain once more, and that must not take a second token from the
 * client. A whole gateway on a real broker, the test playing the worker.
 */
class RateLimitOverKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    static EmbeddedKafkaKraftBroker broker;
    static KafkaWorkerDouble worker;
    static RunningGateway gateway;

    @BeforeAll
    static void startKafkaAndAGatewayWithABurstOfTwo() {
        broker = TestKafka.startBroker();
        TestKafka.createTopics(broker.getBrokersAsString());
        worker = new KafkaWorkerDouble(broker.getBrokersAsString());
        gateway = RunningGateway.start(broker.getBrokersAsString(),
                "--clusterwise.gateway.reply-partition=1",
                // two questions, then one a minute: nothing refills while the test runs
                "--clusterwise.gateway.rate-limit.requests-per-minute=1",
                "--clusterwise.gateway.rate-limit.burst=2");
        gateway.awaitReady(WAIT);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldLetTheSecondQuestionOfABurstOfTwoInWhenTheFirstAnswerHasCompleted() {
        List<SseEvent> first = answeredChat("why does web-1 restart?");
        assertThat(first).extracting(SseEvent::name).containsExactly("meta", "complete");

        List<SseEvent> second = answeredChat("and web-2?");
        assertThat(second).extracting(SseEvent::name).containsExactly("meta", "complete");

        try (SseStream third = SseClient.post(gateway.uri("/api/chat"), "{\"question\": \"and web-3?\"}")) {
            assertThat(third.status()).isEqualTo(429);
        }
    }

    /** Asks, answers as the worker, and reads the stream to its end (the completing dispatch has run by then). */
    private static List<SseEvent> answeredChat(String question) {
        try (SseStream stream = SseClient.post(gateway.uri("/api/chat"), "{\"question\": \"" + question + "\"}")) {
            assertThat(stream.status()).isEqualTo(200);
            SseEvent meta = stream.next(WAIT);
            String questionId = field(meta.data(), "questionId");
            String conversationId = field(meta.data(), "conversationId");
            worker.awaitQuestion(questionId, WAIT);
            worker.reply(1, questionId, new ChatReply.Complete(questionId, conversationId, "it runs out of memory",
                    ChatReply.AnswerMode.MODEL, "mistral", null, List.of(), List.of()));
            List<SseEvent> events = new ArrayList<>(List.of(meta));
            events.addAll(stream.untilEnd(WAIT));
            return events;
        }
    }

    private static String field(String json, String name) {
        try {
            return WireJson.mapper().readTree(json).get(name).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
