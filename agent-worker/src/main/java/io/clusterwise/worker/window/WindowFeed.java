package io.clusterwise.worker.window;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Topic;
import io.clusterwise.worker.kafka.ConsumerFeed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Feeds the {@link EventWindow} from {@code cluster.events}. Every worker replica reads ALL partitions by manual
 * assignment (no consumer group, no commits), starting from the first record published within the window's max-age,
 * so a restarted or newly scaled worker rebuilds the same window from Kafka.
 */
final class WindowFeed extends ConsumerFeed {

    private static final Logger log = LoggerFactory.getLogger(WindowFeed.class);
    private static final String TOPIC = Topic.CLUSTER_EVENTS.topicName();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(5);

    private final Supplier<Map<String, Object>> kafkaConfig;
    private final EventWindow window;
    private final Clock clock;
    private volatile boolean caughtUp;

    WindowFeed(Supplier<Map<String, Object>> kafkaConfig, EventWindow window, Clock clock) {
        this(kafkaConfig, window, clock, KafkaConsumer::new, METADATA_WAIT);
    }

    /** @param metadataWait how long one look-up of the topic's partitions may take before it is retried */
    WindowFeed(Supplier<Map<String, Object>> kafkaConfig, EventWindow window, Clock clock,
               Function<Map<String, Object>, KafkaConsumer<String, byte[]>> consumers, Duration metadataWait) {
        super("clusterwise-window-feed", log, "the " + TOPIC
                + " feed stopped; the window will not change until the worker restarts", consumers, metadataWait);
        this.kafkaConfig = kafkaConfig;
        this.window = window;
        this.clock = clock;
    }

    /** True once the feed has read up to the end offsets it found at start-up. */
    boolean caughtUp() {
        return caughtUp;
    }

    @Override
    protected Map<String, Object> consumerConfig() {
        return withoutGroup(kafkaConfig.get(), "clusterwise-agent-worker-window");
    }

    @Override
    protected void consume(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = awaitPartitions(TOPIC, "the window stays empty");
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        Map<TopicPartition, Long> endAtStart = awaitSeekToRecent(TOPIC, partitions, clock, window.maxAge());
        if (endAtStart == null) {
            return;
        }
        pollWhileRunning(POLL, this::accept, () -> {
            if (!caughtUp && reached(endAtStart)) {
                caughtUp = true;
                window.markCaughtUp();
                log.info("window caught up with {}: {}", TOPIC, window);
            }
        });
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        read(Topic.CLUSTER_EVENTS, record).ifPresent(payload -> {
            if (payload instanceof ClusterEvent event) {
                if (event.eventUid() == null) {
                    // the window's key: without it the event could never be replaced or told apart
                    deadLetter(record, new IllegalArgumentException("a cluster event needs an eventUid"));
                } else {
                    window.add(event, Instant.ofEpochMilli(record.timestamp()));
                }
            }
        });
    }

    @Override
    public String toString() {
        return "WindowFeed[" + TOPIC + ", running=" + isRunning() + ", caughtUp=" + caughtUp + "]";
    }
}
