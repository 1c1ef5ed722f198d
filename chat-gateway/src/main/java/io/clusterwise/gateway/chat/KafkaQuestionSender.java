package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Topic;
import io.clusterwise.gateway.GatewayProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a question to {@code agent.questions} (key = conversationId) with spring-kafka's request/reply headers, so the
 * worker answers on this instance's own partition of {@code agent.replies}.
 */
@Component
class KafkaQuestionSender implements QuestionSender {

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
        ProducerRecord<String, Envelope<?>> record = new ProducerRecord<>(Topic.AGENT_QUESTIONS.topicName(),
                question.conversationId(),
                Envelope.of(clusterName, question.conversationId(), question.askedAt(), question));
        record.headers()
                .add(ReplyHeaders.CORRELATION_ID, ReplyHeaders.encodeString(question.questionId()))
                .add(ReplyHeaders.REPLY_TOPIC, replyTopic)
                .add(ReplyHeaders.REPLY_PARTITION, replyPartition);
        return template.send(record);
    }
}
