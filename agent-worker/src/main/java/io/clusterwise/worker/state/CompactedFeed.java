package io.clusterwise.worker.state;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireFormatException;
import io.clusterwise.contracts.WireJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Reads a whole compacted topic ({@code cluster.state}, {@code agent.suppressions}) from the beginning and then
 * follows it: every partition by manual assignment, no group, no commits, so every replica (and every restart) holds
 * the same picture. Each record goes to the handler as (key, payload), a tombstone as (key, null). Unreadable records
 * are logged and skipped: every replica reads every record, so dead-lettering would write one copy per replica.
 */
public final class CompactedFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompactedFeed.class);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Topic topic;
    private final Supplier<Map<String, Object>> kafkaConfig;
    private final BiConsumer<String, Payload> handler;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean caughtUp;

    public CompactedFeed(Topic topic, Supplier<Map<String, Object>> kafkaConfig, BiConsumer<String, Payload> handler) {
        this.topic = topic;
        this.kafkaConfig = kafkaConfig;
        this.handler = handler;
    }

    /** True once everything that was on the topic at start-up has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        Map<String, Object> config = new HashMap<>(kafkaConfig.get());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "clusterwise-agent-worker-" + topic.topicName() + "-"
                + Integer.toHexString(System.identityHashCode(this)));
        consumer = new KafkaConsumer<>(config);
        running = true;
        thread = new Thread(this::run, "clusterwise-feed-" + topic.topicName());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = consumer) {
            List<TopicPartition> partitions = awaitPartitions(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    accept(record);
                }
                if (!caughtUp && ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    log.info("read {} up to its end at start-up", topic.topicName());
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("the {} feed stopped; it will not change until the worker restarts", topic.topicName(), e);
        } finally {
            running = false;
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        boolean warned = false;
        while (running) {
            try {
                List<PartitionInfo> infos = c.partitionsFor(topic.topicName(), Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
                }
            } catch (TimeoutException e) {
                // Kafka not reachable yet: retried below
            }
            if (!warned) {
                log.warn("topic {} is not available yet; retrying", topic.topicName());
                warned = true;
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            handler.accept(record.key(), null);
            return;
        }
        try {
            Envelope<Payload> envelope = WireJson.read(topic, record.value());
            handler.accept(record.key(), envelope.data());
        } catch (WireFormatException | IllegalArgumentException e) {
            log.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "CompactedFeed[" + topic.topicName() + ", running=" + running + ", caughtUp=" + caughtUp + "]";
    }
}
