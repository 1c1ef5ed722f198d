package io.clusterwise.worker.state;

import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Topic;
import io.clusterwise.worker.kafka.ConsumerFeed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Reads a whole compacted topic ({@code cluster.state}, {@code agent.suppressions}) from the beginning and then
 * follows it: every partition by manual assignment, no group, no commits, so every replica (and every restart) holds
 * the same picture. Each record goes to the handler as (key, payload), a tombstone as (key, null). Unreadable records
 * (and records the handler fails on) are dead-lettered when {@link #deadLetterTo} was given a sink, else logged, and
 * skipped (see {@link ConsumerFeed}): every replica writes its own copy to the DLT.
 */
public final class CompactedFeed extends ConsumerFeed {

    private static final Logger log = LoggerFactory.getLogger(CompactedFeed.class);
    private static final Duration POLL = Duration.ofMillis(300);

    private final Topic topic;
    private final Supplier<Map<String, Object>> kafkaConfig;
    private final BiConsumer<String, Payload> handler;
    private volatile boolean caughtUp;

    public CompactedFeed(Topic topic, Supplier<Map<String, Object>> kafkaConfig, BiConsumer<String, Payload> handler) {
        super("clusterwise-feed-" + topic.topicName(), log,
                "the " + topic.topicName() + " feed stopped; it will not change until the worker restarts");
        this.topic = topic;
        this.kafkaConfig = kafkaConfig;
        this.handler = handler;
    }

    /** True once everything that was on the topic at start-up has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    protected Map<String, Object> consumerConfig() {
        return withoutGroup(kafkaConfig.get(), "clusterwise-agent-worker-" + topic.topicName());
    }

    @Override
    protected void consume(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = awaitPartitions(topic.topicName(), "nothing is read from it");
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        pollWhileRunning(POLL, this::accept, () -> {
            if (!caughtUp && reached(ends)) {
                caughtUp = true;
                log.info("read {} up to its end at start-up", topic.topicName());
            }
        });
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            handler.accept(record.key(), null);
            return;
        }
        read(topic, record).ifPresent(payload -> handler.accept(record.key(), payload));
    }

    @Override
    public String toString() {
        return "CompactedFeed[" + topic.topicName() + ", running=" + isRunning() + ", caughtUp=" + caughtUp + "]";
    }
}
