package io.clusterwise.ingest.replay;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeSerializer;
import io.clusterwise.ingest.normalize.Outgoing;
import io.clusterwise.ingest.publish.OutgoingSender;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes a dump's {@link DumpFacts.Facts} in ONE Kafka transaction: readers with {@code isolation.level=
 * read_committed} see all of it or nothing, and a failure part-way aborts what was sent. Snapshots go to
 * {@code cluster.state}, facts to {@code cluster.events}, with the same keys and envelopes the live ingest uses.
 * The transactional id starts with {@value #TRANSACTIONAL_ID_PREFIX} (the platform's ACLs allow that prefix).
 */
public final class ReplayPublisher {

    public static final String TRANSACTIONAL_ID_PREFIX = "clusterwise-ingest-service-replay-";

    /** Told after every {@code every} records and at the end. */
    @FunctionalInterface
    public interface Progress {
        void published(int done, int total);
    }

    private final Map<String, Object> producerConfig;
    private final String clusterName;

    /**
     * @param producerConfig at least {@code bootstrap.servers}; serializers, idempotence, {@code acks=all},
     *                       compression and the transactional id are set here
     * @param timeout        how long to wait for the broker (connecting, each send, the commit)
     */
    public ReplayPublisher(Map<String, Object> producerConfig, String clusterName, Duration timeout) {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.keySet().removeIf(key -> key.startsWith("spring."));
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + clusterName + "-" + UUID.randomUUID());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        int requestTimeout = (int) Math.min(timeout.toMillis(), 30_000);
        int linger = Integer.parseInt(config.get(ProducerConfig.LINGER_MS_CONFIG).toString());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), requestTimeout + linger));
        this.producerConfig = config;
        this.clusterName = clusterName;
    }

    /**
     * @return how many records were committed
     * @throws ReplayPublishException when anything failed: nothing of this replay is visible then
     */
    public int publish(DumpFacts.Facts facts, int every, Progress progress) {
        List<Outgoing> records = facts.records();
        try (KafkaProducer<String, Envelope<?>> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new EnvelopeSerializer())) {
            try {
                producer.initTransactions();
                producer.beginTransaction();
                int done = 0;
                for (Outgoing record : records) {
                    producer.send(new ProducerRecord<>(record.topic().topicName(), record.key(),
                            OutgoingSender.envelope(clusterName, record)));
                    done++;
                    if (done % every == 0 && done < records.size()) {
                        progress.published(done, records.size());
                    }
                }
                producer.commitTransaction();
                progress.published(done, records.size());
                return done;
            } catch (KafkaException | IllegalStateException e) {
                abort(producer);
                throw new ReplayPublishException("nothing was published: " + describe(e), e);
            }
        }
    }

    private static void abort(KafkaProducer<?, ?> producer) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException ignored) {
            // fenced, timed out or never started: there is nothing visible to undo
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Publishing a replay failed; nothing of it was committed. */
    public static final class ReplayPublishException extends RuntimeException {
        public ReplayPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
