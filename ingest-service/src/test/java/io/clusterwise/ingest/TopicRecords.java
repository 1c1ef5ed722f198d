package io.clusterwise.ingest;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Everything on cluster.events, cluster.state and cluster.logs, read with a plain KafkaConsumer (committed records
 * only).
 */
public final class TopicRecords implements AutoCloseable {

    /** One record as a reader sees it; {@code envelope} is null for a tombstone. */
    public record Received(Topic topic, String key, String json, Envelope<Payload> envelope) {
        public ClusterEvent event() {
            return (ClusterEvent) envelope.data();
        }

        public ObjectSnapshot snapshot() {
            return (ObjectSnapshot) envelope.data();
        }

        public ContainerLog log() {
            return (ContainerLog) envelope.data();
        }

        public boolean tombstone() {
            return envelope == null;
        }

        public String source() {
            return envelope == null ? null : envelope.source();
        }
    }

    public static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> received = new ArrayList<>();

    public TopicRecords(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = Stream.of(Topic.CLUSTER_EVENTS, Topic.CLUSTER_STATE, Topic.CLUSTER_LOGS)
                .flatMap(t -> IntStream.range(0, t.partitions()).mapToObj(p -> new TopicPartition(t.topicName(), p)))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every record so far (polling once more). */
    public synchronized List<Received> all() {
        consumer.poll(Duration.ofMillis(100)).forEach(record -> {
            Topic topic = Topic.fromName(record.topic()).orElseThrow();
            received.add(new Received(topic, record.key(),
                    record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
                    record.value() == null ? null : WireJson.read(topic, record.value())));
        });
        return List.copyOf(received);
    }

    public List<Received> of(String source) {
        return all().stream().filter(r -> r.tombstone() || source.equals(r.source())).toList();
    }

    public List<Received> events(String source) {
        return of(source).stream().filter(r -> r.topic() == Topic.CLUSTER_EVENTS).toList();
    }

    public List<Received> states(String source) {
        return of(source).stream().filter(r -> r.topic() == Topic.CLUSTER_STATE).toList();
    }

    public List<Received> logs(String source) {
        return of(source).stream().filter(r -> r.topic() == Topic.CLUSTER_LOGS).toList();
    }

    /** Waits for the latest matching record. */
    public Received await(Predicate<Received> matching) {
        return org.awaitility.Awaitility.await().atMost(WAIT).pollInSameThread()
                .until(() -> all().stream().filter(matching).reduce((first, second) -> second), Optional::isPresent)
                .orElseThrow();
    }

    /** Waits for a fact on cluster.events with this key whose event matches. */
    public Received awaitEvent(String key, Predicate<ClusterEvent> matching) {
        return await(r -> r.topic() == Topic.CLUSTER_EVENTS && (key == null || key.equals(r.key()))
                && matching.test(r.event()));
    }

    /** Waits until no new record has arrived for {@code quiet}, and returns how many there are. */
    public int awaitQuiet(Duration quiet) {
        int[] last = {all().size()};
        long[] since = {System.nanoTime()};
        org.awaitility.Awaitility.await().atMost(WAIT).pollInSameThread().until(() -> {
            int now = all().size();
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] >= quiet.toNanos();
        });
        return last[0];
    }

    @Override
    public void close() {
        consumer.close();
    }
}
