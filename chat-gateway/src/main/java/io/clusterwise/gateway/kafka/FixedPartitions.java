package io.clusterwise.gateway.kafka;

import io.clusterwise.contracts.Topic;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Builds a listener container on fixed partitions from Spring Boot's container factory (so it gets the configured
 * consumer, deserializers and the dead-letter error handler) with no group id: spring-kafka then never commits
 * offsets for it, and every start positions afresh as the partitions say.
 */
public final class FixedPartitions {

    /** Pause before a container that could not take its position starts again. */
    static final long RESTART_DELAY_MS = 1000;

    private FixedPartitions() {
    }

    /** Every partition of {@code topic} (the count from {@link Topic}), each starting at {@code position}. */
    public static TopicPartitionOffset[] every(Topic topic, TopicPartitionOffset.SeekPosition position) {
        return IntStream.range(0, topic.partitions())
                .mapToObj(p -> new TopicPartitionOffset(topic.topicName(), p, position))
                .toArray(TopicPartitionOffset[]::new);
    }

    public static ConcurrentMessageListenerContainer<Object, Object> container(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory, String name,
            FixedPartitionsListener listener, ScheduledExecutorService timer, TopicPartitionOffset... partitions) {
        ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer(partitions);
        container.setBeanName(name);
        container.getContainerProperties().setGroupId(null);
        container.setupMessageListener(listener);
        listener.restartWith(() -> container.stop(() ->
                timer.schedule(container::start, RESTART_DELAY_MS, TimeUnit.MILLISECONDS)));
        return container;
    }
}
