package io.clusterwise.worker.logs;

import io.clusterwise.contracts.ContainerLog;
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
import java.util.function.Supplier;

/**
 * Feeds the {@link ContainerLogStore} from {@code cluster.logs}, like the window's feed: every partition by manual
 * assignment (no group, no commits) from the first record published within the look-back, then following; an
 * unreadable record is dead-lettered and skipped.
 */
final class LogFeed extends ConsumerFeed {

    private static final Logger log = LoggerFactory.getLogger(LogFeed.class);
    private static final String TOPIC = Topic.CLUSTER_LOGS.topicName();
    private static final Duration POLL = Duration.ofMillis(500);

    private final Supplier<Map<String, Object>> kafkaConfig;
    private final ContainerLogStore store;
    private final Clock clock;
    private final Duration lookBack;
    private volatile boolean caughtUp;

    LogFeed(Supplier<Map<String, Object>> kafkaConfig, ContainerLogStore store, Clock clock, Duration lookBack) {
        super("clusterwise-log-feed", log, "the " + TOPIC
                + " feed stopped; answers cite no newer log lines until the worker restarts");
        this.kafkaConfig = kafkaConfig;
        this.store = store;
        this.clock = clock;
        this.lookBack = lookBack;
    }

    /** True once the feed has read up to the end offsets it found at start-up. */
    boolean caughtUp() {
        return caughtUp;
    }

    @Override
    protected Map<String, Object> consumerConfig() {
        return withoutGroup(kafkaConfig.get(), "clusterwise-agent-worker-logs");
    }

    @Override
    protected void consume(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = awaitPartitions(TOPIC, "answers cite no log lines");
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        Map<TopicPartition, Long> endAtStart = awaitSeekToRecent(TOPIC, partitions, clock, lookBack);
        if (endAtStart == null) {
            return;
        }
        pollWhileRunning(POLL, this::accept, () -> {
            if (!caughtUp && reached(endAtStart)) {
                caughtUp = true;
                log.info("log excerpts caught up with {}: {}", TOPIC, store);
            }
        });
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return; // not compacted: nothing to forget by tombstone here (cluster.state's tombstone does it)
        }
        read(Topic.CLUSTER_LOGS, record).ifPresent(payload -> {
            if (payload instanceof ContainerLog containerLog) {
                String podUid = containerLog.pod().uid() != null ? containerLog.pod().uid() : record.key();
                store.put(podUid, containerLog, Instant.ofEpochMilli(record.timestamp()));
            }
        });
    }

    @Override
    public String toString() {
        return "LogFeed[" + TOPIC + ", running=" + isRunning() + ", caughtUp=" + caughtUp + "]";
    }
}
