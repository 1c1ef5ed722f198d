package io.clusterwise.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.gateway.testing.KafkaWorkerDouble;
import io.clusterwise.gateway.testing.PortForwarder;
import io.clusterwise.gateway.testing.RunningGateway;
import io.clusterwise.gateway.testing.SseClient;
import io.clusterwise.gateway.testing.SseClient.SseEvent;
import io.clusterwise.gateway.testing.SseClient.SseStream;
import io.clusterwise.gateway.testing.TestKafka;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness race: a gateway whose reply consumer is not positioned must refuse chats (an early reply would be
 * missed), and must become ready by itself once Kafka can be reached.
 */
class GatewayStartsBeforeKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldRefuseChatsUntilItsReplyConsumerIsPositionedAndThenAnswerThem() throws IOException {
        EmbeddedKafkaKraftBroker broker = TestKafka.startBroker();
        TestKafka.createTopics(broker.getBrokersAsString());
        try (PortForwarder kafkaGate = new PortForwarder();
             RunningGateway gateway = RunningGateway.start("localhost:" + kafkaGate.port(),
                "--clusterwise.gateway.reply-partition=1",
                "--clusterwise.gateway.answer-timeout=PT10S",
                // fail positioning fast while there is no broker, so the retry is seen within the test
                "--spring.kafka.consumer.properties.default.api.timeout.ms=1500",
                "--spring.kafka.consumer.properties.reconnect.backoff.max.ms=200",
                "--spring.kafka.listener.poll-timeout=500ms")) {

            HttpResponse<String> readiness = gateway.get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(json(readiness.body()).at("/components/replyConsumer/status").asText()).isEqualTo("DOWN");

            HttpResponse<String> refused = gateway.postJson("/api/chat", "{\"question\": \"why?\"}");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(json(refused.body()).get("detail").asText())
                    .contains("not yet reading its reply partition agent.replies-1");

            kafkaGate.open(brokerPort(broker));
            try (KafkaWorkerDouble worker = new KafkaWorkerDouble(broker.getBrokersAsString())) {
                gateway.awaitReady(WAIT);

                try (SseStream stream = SseClient.post(gateway.uri("/api/chat"), "{\"question\": \"why?\"}")) {
                    SseEvent meta = stream.next(WAIT);
                    assertThat(meta.name()).isEqualTo("meta");
                    String questionId = json(meta.data()).get("questionId").asText();
                    String conversationId = json(meta.data()).get("conversationId").asText();
                    worker.awaitQuestion(questionId, WAIT);
                    worker.reply(1, questionId, new ChatReply.Complete(questionId, conversationId,
                            "answered after Kafka came up", ChatReply.AnswerMode.FINDINGS_ONLY, null,
                            "model unreachable", List.of(), List.of()));
                    List<SseEvent> rest = stream.untilEnd(WAIT);
                    assertThat(rest).extracting(SseEvent::name).containsExactly("complete");
                    assertThat(rest.get(0).data()).contains("answered after Kafka came up");
                }
            }
        } finally {
            broker.destroy();
        }
    }

    private static int brokerPort(EmbeddedKafkaKraftBroker broker) {
        String first = broker.getBrokersAsString().split(",")[0];
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }

    private static JsonNode json(String text) throws IOException {
        return WireJson.mapper().readTree(text);
    }
}
