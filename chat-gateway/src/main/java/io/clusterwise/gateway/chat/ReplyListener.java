package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.gateway.kafka.FixedPartitionsListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Reads this instance's own partition of {@code agent.replies} (see {@link ReplyConsumerConfiguration}: fixed
 * assignment, from the end) and hands each reply to the stream waiting for its correlation id. Once the consumer's
 * position at the end is resolved, no reply to a question sent from then on can be missed: that is when
 * {@link ReplyConsumerState} lets chats in.
 */
@Component
class ReplyListener extends FixedPartitionsListener {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

    private final PendingAnswers pending;
    private final ReplyConsumerState state;

    ReplyListener(PendingAnswers pending, ReplyConsumerState state) {
        this.pending = pending;
        this.state = state;
    }

    @Override
    public void onMessage(ConsumerRecord<String, Envelope<Payload>> record) {
        Envelope<Payload> envelope = record.value();
        if (envelope == null || !(envelope.data() instanceof ChatReply reply)) {
            log.debug("ignoring a record without a reply at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        String correlationId = ReplyHeaders.string(record.headers(), ReplyHeaders.CORRELATION_ID)
                .orElse(reply.questionId());
        pending.dispatch(correlationId, reply);
    }

    @Override
    protected void positioned(Map<TopicPartition, Long> positions, ConsumerSeekCallback callback) {
        state.positioned(positions);
        log.info("reading replies from {} at offset {}", state.partition(), positions.get(state.partition()));
    }

    @Override
    protected void stopped() {
        state.stopped();
    }

    @Override
    protected String describe() {
        return "replies on " + state.partition();
    }
}
