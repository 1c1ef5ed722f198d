package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.Topic;
import io.clusterwise.gateway.GatewayProperties;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this instance's reply consumer is assigned its partition and positioned at the end of it. Until it is,
 * a reply to a question sent now could land before the consumer's start position and be missed, so chats are refused
 * and readiness is DOWN.
 */
@Component
class ReplyConsumerState {

    /** Where the consumer started reading, and when. */
    record Position(TopicPartition partition, long offset, Instant since) {
    }

    private final TopicPartition partition;
    private final AtomicReference<Position> position = new AtomicReference<>();

    ReplyConsumerState(GatewayProperties properties) {
        this.partition = new TopicPartition(Topic.AGENT_REPLIES.topicName(), properties.gateway().replyPartition());
    }

    /** Called with the consumer's resolved positions (spring-kafka calls {@code consumer.position()} first). */
    void positioned(Map<TopicPartition, Long> positions) {
        Long offset = positions.get(partition);
        if (offset != null) {
            position.set(new Position(partition, offset, Instant.now()));
        }
    }

    void stopped() {
        position.set(null);
    }

    boolean isPositioned() {
        return position.get() != null;
    }

    Optional<Position> position() {
        return Optional.ofNullable(position.get());
    }

    TopicPartition partition() {
        return partition;
    }
}
