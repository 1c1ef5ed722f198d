package io.clusterwise.reliability;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeDeserializer;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a topic from the beginning to its end as it is now, every partition, with a fresh consumer (no group). Values
 * stay raw bytes, so a record that does not parse is still seen (and counted); {@link Read#envelope()} parses.
 */
final class TopicScan {

    private static final Duration MAX_SCAN = Duration.ofSeconds(60);

    private final String bootstrapServers;

    TopicScan(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** One record as stored, with its headers (the last value of each name). */
    record Read(String topic, int partition, long offset, String key, byte[] value, Map<String, byte[]> headers) {

        Read {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        /** A header as UTF-8 text, e.g. spring-kafka's {@code kafka_dlt-exception-message}. */
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name)).map(v -> new String(v, StandardCharsets.UTF_8));
        }

        /** A header spring-kafka writes as a big-endian number (4 bytes: an int, 8: a long), e.g. an original offset. */
        Optional<Long> numberHeader(String name) {
            byte[] v = headers.get(name);
            if (v == null) {
                return Optional.empty();
            }
            return Optional.of(v.length == Integer.BYTES ? ByteBuffer.wrap(v).getInt() : ByteBuffer.wrap(v).getLong());
        }

        boolean tombstone() {
            return value == null;
        }

        /** The value as UTF-8 text ("" for a tombstone): what a secret scan reads. */
        String text() {
            return value == null ? "" : new String(value, StandardCharsets.UTF_8);
        }

        /** The parsed envelope; empty for a tombstone or a record that is not a clusterwise envelope. */
        Optional<Envelope<Payload>> envelope() {
            if (value == null) {
                return Optional.empty();
            }
            try (EnvelopeDeserializer deserializer = new EnvelopeDeserializer()) {
                return Optional.ofNullable(deserializer.deserialize(topic, value));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** Every committed record of {@code topic} (aborted transactions left out, as read_committed consumers see it). */
    List<Read> committed(Topic topic) {
        return read(topic.topicName(), "read_committed");
    }

    /** Every record of {@code topic}, committed or not. */
    List<Read> all(String topic) {
        return read(topic, "read_uncommitted");
    }

    /** Every topic on the broker, internal ones left out. */
    Set<String> topicNames() {
        try (KafkaConsumer<String, byte[]> consumer = consumer("read_uncommitted")) {
            Set<String> names = new TreeSet<>(consumer.listTopics(MAX_SCAN).keySet());
            names.removeIf(n -> n.startsWith("__"));
            return names;
        }
    }

    private List<Read> read(String topic, String isolation) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(isolation)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, MAX_SCAN).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, MAX_SCAN);
            List<Read> out = new ArrayList<>();
            long giveUp = System.nanoTime() + MAX_SCAN.toNanos();
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + ends + " within "
                            + MAX_SCAN);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, byte[]> headers = new HashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? new byte[0] : h.value());
                    }
                    out.add(new Read(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers));
                }
            }
            return out;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), MAX_SCAN) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private KafkaConsumer<String, byte[]> consumer(String isolation) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000));
    }
}
