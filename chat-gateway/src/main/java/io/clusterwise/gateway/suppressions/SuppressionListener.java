package io.clusterwise.gateway.suppressions;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Suppression;
import io.clusterwise.gateway.kafka.FixedPartitionsListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Reads all of {@code agent.suppressions} from the beginning into the {@link SuppressionBook}; a tombstone removes. */
@Component
class SuppressionListener extends FixedPartitionsListener {

    private static final Logger log = LoggerFactory.getLogger(SuppressionListener.class);

    private final SuppressionBook book;

    SuppressionListener(SuppressionBook book) {
        this.book = book;
    }

    @Override
    public void onMessage(ConsumerRecord<String, Envelope<Payload>> record) {
        Envelope<Payload> envelope = record.value();
        if (envelope == null) {
            book.remove(record.key());
        } else if (envelope.data() instanceof Suppression suppression) {
            book.put(suppression);
        }
    }

    @Override
    protected void positioned(Map<TopicPartition, Long> positions, ConsumerSeekCallback callback) {
        log.info("reading suppressions from {}", positions.keySet());
    }

    @Override
    protected String describe() {
        return "suppressions on agent.suppressions";
    }
}
