package io.clusterwise.ingest.publish;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireFormatException;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.ingest.normalize.ObservedNormalizer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rebuilds the de-duplication memory from what this cluster's ingest published before: every snapshot (and
 * tombstone) on the compacted {@code cluster.state} and every fact still on {@code cluster.events}, read from the
 * beginning to the end offsets at the time of the call. A restart or a new leader then republishes only what changed.
 * Records of other clusters (another {@code source}) are skipped. With container logs on, {@link #readLogs} also
 * hands over the container logs still on {@code cluster.logs} (its retention bounds how many), so the runs they come
 * from are not read again.
 */
public final class PublishedHistory {

    private static final Logger log = LoggerFactory.getLogger(PublishedHistory.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    private final Map<String, Object> consumerConfig;
    private final String clusterName;

    /** @param consumerConfig bootstrap and security settings (Spring's consumer properties) */
    public PublishedHistory(Map<String, Object> consumerConfig, String clusterName) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.keySet().removeIf(key -> key.startsWith("spring.") || key.equals(ConsumerConfig.GROUP_ID_CONFIG));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "clusterwise-ingest-service-history-" + clusterName);
        this.consumerConfig = config;
        this.clusterName = clusterName;
    }

    /** Reads both topics into {@code normalizer}'s memory; returns how many records were taken in. */
    public long loadInto(ObservedNormalizer normalizer) {
        long started = System.nanoTime();
        long state = read(Topic.CLUSTER_STATE, record -> {
            if (record.value() == null) {
                normalizer.rememberSnapshot(record.key(), null);
                return true;
            }
            Envelope<Payload> envelope = parse(Topic.CLUSTER_STATE, record);
            if (envelope != null && envelope.data() instanceof ObjectSnapshot snapshot) {
                normalizer.rememberSnapshot(record.key(), snapshot);
                return true;
            }
            return false;
        });
        long events = read(Topic.CLUSTER_EVENTS, record -> {
            Envelope<Payload> envelope = parse(Topic.CLUSTER_EVENTS, record);
            if (envelope != null && envelope.data() instanceof ClusterEvent event) {
                normalizer.rememberFact(event);
                return true;
            }
            return false;
        });
        log.info("remembered {} snapshots and {} facts published before, in {} ms", state, events,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return state + events;
    }

    /** Hands every container log of this cluster still on {@code cluster.logs} to {@code logs}; returns how many. */
    public long readLogs(Consumer<ContainerLog> logs) {
        long started = System.nanoTime();
        long read = read(Topic.CLUSTER_LOGS, record -> {
            Envelope<Payload> envelope = parse(Topic.CLUSTER_LOGS, record);
            if (envelope != null && envelope.data() instanceof ContainerLog log) {
                logs.accept(log);
                return true;
            }
            return false;
        });
        log.info("remembered {} container logs published before, in {} ms", read,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return read;
    }

    private Envelope<Payload> parse(Topic topic, ConsumerRecord<String, byte[]> record) {
        try {
            Envelope<Payload> envelope = WireJson.read(topic, record.value());
            return clusterName.equals(envelope.source()) ? envelope : null;
        } catch (WireFormatException e) {
            return null; // not ours to judge: the readers' dead-letter handling deals with it
        }
    }

    private long read(Topic topic, java.util.function.Predicate<ConsumerRecord<String, byte[]>> take) {
        long taken = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                log.warn("topic {} does not exist yet: nothing published before", topic.topicName());
                return 0;
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    log.warn("stopped reading {} after {}: what was published before may be published again",
                            topic.topicName(), DEADLINE);
                    break;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null && take.test(record)) {
                        taken++;
                    }
                }
            }
        }
        return taken;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
