package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.DiagnoseReply;
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
 * assignment, from the end) and hands each reply to whoever waits for its correlation id: a chat reply to its stream
 * ({@link PendingAnswers}), a diagnose reply to its request ({@link PendingDiagnoses}). Once the consumer's position
 * at the end is resolved, no reply to a request sent from then on can be missed: that is when
 * {@link ReplyConsumerState} lets chats and diagnose requests in.
 */
@Component
class ReplyListener extends FixedPartitionsListener {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

    private final PendingAnswers pending;
    private final PendingDiagnoses diagnoses;
    private final ReplyConsumerState state;

    ReplyListener(PendingAnswers pending, PendingDiagnoses diagnoses, ReplyConsumerState state) {
        this.pending = pending;
        this.diagnoses = diagnoses;
        this.state = state;
    }

    @Override
    public void onMessage(ConsumerRecord<String, Envelope<Payload>> record) {
        Payload data = record.value() == null ? null : record.value().data();
        if (data instanceof ChatReply reply) {
            pending.dispatch(correlationId(record, reply.questionId()), reply);
        } else if (data instanceof DiagnoseReply reply) {
            diagnoses.dispatch(correlationId(record, reply.requestId()), reply);
        } else {
            log.debug("ignoring a record without a reply at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
        }
    }

    /**
     * The correlation header; without it the reply's own request id (the same value by contract). A reply with
     * neither belongs to no request: it is malformed (thrown, so it is dead-lettered), not merely late.
     */
    static String correlationId(ConsumerRecord<?, ?> record, String requestId) {
        String id = ReplyHeaders.string(record.headers(), ReplyHeaders.CORRELATION_ID).orElse(requestId);
        if (id == null) {
            throw new IllegalArgumentException("a reply needs a " + ReplyHeaders.CORRELATION_ID
                    + " header or its request id");
        }
        return id;
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
