package io.clusterwise.gateway.models;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.ModelStatus;
import io.clusterwise.contracts.Payload;
import io.clusterwise.gateway.kafka.FixedPartitionsListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Reads all of {@code agent.models} from the beginning into the {@link ModelStatusBook}, keyed by the record key (the
 * workerId); a tombstone — a worker that stopped cleanly — removes it.
 */
@Component
class ModelStatusListener extends FixedPartitionsListener {

    private static final Logger log = LoggerFactory.getLogger(ModelStatusListener.class);

    private final ModelStatusBook book;

    ModelStatusListener(ModelStatusBook book) {
        this.book = book;
    }

    @Override
    public void onMessage(ConsumerRecord<String, Envelope<Payload>> record) {
        Envelope<Payload> envelope = record.value();
        if (envelope == null) {
            if (record.key() != null) {
                book.remove(record.key());
            }
        } else if (envelope.data() instanceof ModelStatus status) {
            book.put(record.key() != null ? record.key() : status.workerId(), status, envelope.time());
        }
    }

    @Override
    protected void positioned(Map<TopicPartition, Long> positions, ConsumerSeekCallback callback) {
        log.info("reading model status from {}", positions.keySet());
    }

    @Override
    protected String describe() {
        return "model status on agent.models";
    }
}
