package io.clusterwise.contracts.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes a record that cannot be processed to its topic's dead-letter topic (same partition), as its original
 * bytes with spring-kafka's exception and original-topic/partition/offset headers. The listener containers' error
 * handler uses it, and so can code that runs its own consumer (every record a service cannot read goes the same way).
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer recoverer;

    DeadLetters(KafkaTemplate<Object, Object> template) {
        this.recoverer = new DeadLetterPublishingRecoverer(template,
                DeadLetterAutoConfiguration::deadLetterDestination);
    }

    /** The recoverer itself, for the listener containers' error handler (which logs and retries on its own). */
    DeadLetterPublishingRecoverer recoverer() {
        return recoverer;
    }

    /** Dead-letters {@code record}; a failure to do so is logged, never thrown (the caller goes on either way). */
    public void publish(ConsumerRecord<?, ?> record, Exception cause) {
        log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                DeadLetterAutoConfiguration.rootMessage(cause));
        try {
            recoverer.accept(record, cause);
        } catch (RuntimeException e) {
            log.error("could not dead-letter {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        }
    }
}
