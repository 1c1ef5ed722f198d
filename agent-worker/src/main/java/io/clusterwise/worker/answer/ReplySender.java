package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.DiagnoseReply;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.ReplyHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a request's replies to its reply topic and partition, keyed as the request was (conversation, or the
 * namespace diagnosed), with its correlation id.
 */
class ReplySender {

    private static final Logger log = LoggerFactory.getLogger(ReplySender.class);

    private final KafkaTemplate<String, Envelope<?>> kafka;
    private final String clusterName;

    ReplySender(KafkaTemplate<String, Envelope<?>> kafka, String clusterName) {
        this.kafka = kafka;
        this.clusterName = clusterName;
    }

    /** @return completes when Kafka has the reply, or gave up on it (logged) */
    CompletableFuture<?> send(ReplyTarget target, ChatReply reply) {
        return send(target, reply.conversationId(), reply,
                reply.getClass().getSimpleName() + " of question " + reply.questionId());
    }

    void send(ReplyTarget target, DiagnoseReply reply) {
        send(target, target.key(), reply, "the diagnosis of request " + reply.requestId());
    }

    private CompletableFuture<?> send(ReplyTarget target, String subject, Payload reply, String what) {
        ProducerRecord<String, Envelope<?>> record = new ProducerRecord<>(target.topic(), target.partition(),
                target.key(), Envelope.of(clusterName, subject, reply));
        record.headers().add(ReplyHeaders.CORRELATION_ID, target.correlationId());
        return kafka.send(record).handle((result, error) -> {
            if (error != null) {
                log.error("could not send {} to {}: {}", what, target, error.getMessage());
            }
            return null;
        });
    }
}
