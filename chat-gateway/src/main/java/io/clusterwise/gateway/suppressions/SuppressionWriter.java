package io.clusterwise.gateway.suppressions;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Suppression;
import io.clusterwise.contracts.Topic;
import io.clusterwise.gateway.GatewayProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes mutes to the compacted {@code agent.suppressions} (key = suppression id) and un-mutes with a tombstone on
 * that key. Waits for Kafka's acknowledgement, so a 201/204 means the workers will see it; a failure is a 503.
 */
@Component
class SuppressionWriter {

    static final long SEND_TIMEOUT_SECONDS = 15;

    private final KafkaTemplate<String, Envelope<?>> template;
    private final String clusterName;

    SuppressionWriter(KafkaTemplate<String, Envelope<?>> template, GatewayProperties properties) {
        this.template = template;
        this.clusterName = properties.clusterName();
    }

    void write(Suppression suppression) {
        send(new ProducerRecord<>(Topic.AGENT_SUPPRESSIONS.topicName(), suppression.id(),
                Envelope.of(clusterName, suppression.id(), suppression.createdAt(), suppression)));
    }

    void tombstone(String id) {
        send(new ProducerRecord<>(Topic.AGENT_SUPPRESSIONS.topicName(), id, null));
    }

    private void send(ProducerRecord<String, Envelope<?>> record) {
        try {
            template.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while writing to " + record.topic());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw unavailable("could not write to " + record.topic() + ": " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()));
        }
    }

    private static ErrorResponseException unavailable(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Kafka unavailable");
        ErrorResponseException e = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return e;
    }
}
