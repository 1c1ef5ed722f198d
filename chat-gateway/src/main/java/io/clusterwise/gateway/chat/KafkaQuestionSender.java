package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.DiagnoseRequest;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Topic;
import io.clusterwise.gateway.GatewayProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Sends questions (key = conversationId) and diagnose requests (key = namespace, {@value #WHOLE_CLUSTER_KEY} for the
 * whole cluster) to {@code agent.questions} with spring-kafka's request/reply headers, so the worker answers on this
 * instance's own partition of {@code agent.replies}.
 */
@Component
class KafkaQuestionSender implements QuestionSender {

    /** The key of a diagnose request for the whole cluster. */
    static final String WHOLE_CLUSTER_KEY = "*";

    private final KafkaTemplate<String, Envelope<?>> template;
    private final String clusterName;
    private final byte[] replyTopic = ReplyHeaders.encodeString(Topic.AGENT_REPLIES.topicName());
    private final byte[] replyPartition;

    KafkaQuestionSender(KafkaTemplate<String, Envelope<?>> template, GatewayProperties properties) {
        this.template = template;
        this.clusterName = properties.clusterName();
        this.replyPartition = ReplyHeaders.encodePartition(properties.gateway().replyPartition());
    }

    @Override
    public CompletableFuture<?> send(ChatQuestion question) {
        return send(question.conversationId(), question.questionId(), question.askedAt(), question);
    }

    @Override
    public CompletableFuture<?> sendDiagnose(DiagnoseRequest request) {
        String key = request.namespace() == null ? WHOLE_CLUSTER_KEY : request.namespace();
        return send(key, request.requestId(), request.askedAt(), request);
    }

    /** One request record: {@code key} is also the envelope subject; the reply headers name this instance. */
    private CompletableFuture<?> send(String key, String correlationId, Instant time, Payload request) {
        ProducerRecord<String, Envelope<?>> record = new ProducerRecord<>(Topic.AGENT_QUESTIONS.topicName(), key,
                Envelope.of(clusterName, key, time, request));
        record.headers()
                .add(ReplyHeaders.CORRELATION_ID, ReplyHeaders.encodeString(correlationId))
                .add(ReplyHeaders.REPLY_TOPIC, replyTopic)
                .add(ReplyHeaders.REPLY_PARTITION, replyPartition);
        return template.send(record);
    }
}
