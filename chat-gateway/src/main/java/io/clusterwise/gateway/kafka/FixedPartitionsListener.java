package io.clusterwise.gateway.kafka;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListener;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listener on partitions assigned by hand (no consumer group) that knows whether its consumer has taken its start
 * position, and has its container restarted when it could not.
 * <p>
 * What spring-kafka 4.0 does for manually assigned partitions (read from {@code KafkaMessageListenerContainer}):
 * before the first poll it performs the initial seeks, then computes {@code consumer.position(tp)} for every
 * partition — which forces a lazy seek-to-end to resolve against the broker — and calls
 * {@link #onPartitionsAssigned} with those positions. If that fails (Kafka unreachable past
 * {@code default.api.timeout.ms}) it logs "Failed to set initial offsets", skips the callback, and polls on with no
 * defined start; {@link #onFirstPoll} then finds the listener unpositioned and restarts the container.
 * {@code onFirstPoll} reaches only a listener set on the container directly: the {@code @KafkaListener} adapter
 * forwards {@code onPartitionsAssigned} but not {@code onFirstPoll}, which is why these containers are built by hand.
 */
public abstract class FixedPartitionsListener
        implements MessageListener<String, Envelope<Payload>>, ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(FixedPartitionsListener.class);

    private final AtomicBoolean positioned = new AtomicBoolean();
    private volatile Runnable restart = () -> { };

    /**
     * The consumer is assigned and positioned; {@code positions} are resolved offsets. Seeks made here through
     * {@code callback} run at once, on the consumer thread.
     */
    protected abstract void positioned(Map<TopicPartition, Long> positions, ConsumerSeekCallback callback);

    /** The consumer stopped (container stop or restart); it is no longer positioned. */
    protected void stopped() {
    }

    /** A short name for log lines, e.g. {@code replies on agent.replies-2}. */
    protected abstract String describe();

    public final boolean isPositioned() {
        return positioned.get();
    }

    final void restartWith(Runnable restart) {
        this.restart = restart;
    }

    @Override
    public final void onPartitionsAssigned(Map<TopicPartition, Long> positions, ConsumerSeekCallback callback) {
        positioned(positions, callback);
        positioned.set(true);
    }

    @Override
    public final void onFirstPoll() {
        if (!positioned.get()) {
            log.error("could not take the start position for {} (is Kafka reachable?); restarting the consumer",
                    describe());
            restart.run();
        }
    }

    @Override
    public final void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        positioned.set(false);
        stopped();
    }
}
