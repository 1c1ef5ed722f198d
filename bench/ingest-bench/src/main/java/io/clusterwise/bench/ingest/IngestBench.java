package io.clusterwise.bench.ingest;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeSerializer;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestProperties;
import io.clusterwise.ingest.normalize.ObjectLookup;
import io.clusterwise.ingest.normalize.ObservedNormalizer;
import io.clusterwise.ingest.normalize.Outgoing;
import io.clusterwise.ingest.publish.IngestPublisher;
import io.clusterwise.ingest.publish.OutgoingSender;
import io.clusterwise.ingest.redact.Redactor;
import io.clusterwise.ingest.watch.Observed;
import io.clusterwise.ingest.watch.ObservedQueue;
import io.clusterwise.ingest.watch.WatchedKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest throughput: the service's whole path — informer hand-off queue → publisher thread (normalize → redact →
 * de-duplicate) → sender thread (envelope → {@code EnvelopeSerializer} → the KafkaTemplate's producer with the
 * service's producer settings) — against a raw kafka-clients producer with the same settings sending the same bytes
 * (precomputed by that very path) to the same broker and topic, alternating rounds in one run after warm-up rounds.
 * Prints each round, the CPU time each group of threads spent per record in it (so the ratio can be explained even
 * when the shared machine is loaded), and the ratio of the medians.
 * <p>
 * {@code java -jar bench/ingest-bench/target/ingest-bench-0.1.0-SNAPSHOT-exec.jar [--events N] [--rounds R]
 * [--warmup W] [--batch-size B] [--linger-ms L]}
 */
public final class IngestBench {

    private static final String CLUSTER = "bench";
    private static int batchSize;
    private static int lingerMs;

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 100_000);
        int rounds = intArg(args, "--rounds", 5);
        int warmup = intArg(args, "--warmup", 3);
        // to try other producer settings on both sides alike; the defaults are ingest-service.properties'
        batchSize = intArg(args, "--batch-size", 131_072);
        lingerMs = intArg(args, "--linger-ms", 20);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, Topic.CLUSTER_EVENTS.partitions());
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
            new IngestBench(broker.getBrokersAsString(), events, rounds, warmup).run();
        } finally {
            broker.destroy();
        }
        System.exit(0);
    }

    private final String bootstrap;
    private final int count;
    private final int rounds;
    private final int warmup;
    private final List<Observed> observed;

    IngestBench(String bootstrap, int count, int rounds, int warmup) {
        this.bootstrap = bootstrap;
        this.count = count;
        this.rounds = rounds;
        this.warmup = warmup;
        BenchObjects objects = new BenchObjects(Instant.parse("2026-11-20T09:00:00Z"));
        this.observed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            observed.add(new Observed.Upserted(WatchedKind.EVENTS, objects.event(i)));
        }
    }

    /** The ingest service's producer settings ({@code ingest-service.properties}). */
    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 67_108_864L);
        return config;
    }

    void run() throws Exception {
        List<byte[][]> bytes = precompute();
        long totalBytes = bytes.stream().mapToLong(kv -> kv[0].length + kv[1].length).sum();
        System.out.printf("ingest bench: %,d Events (%,d records, %,d bytes of keys+values), %d warm-up + %d rounds, "
                + "broker %s, both producers: lz4, batch.size %d, linger.ms %d%n", count, bytes.size(), totalBytes, warmup,
                rounds, bootstrap, batchSize, lingerMs);
        DefaultKafkaProducerFactory<String, Envelope<?>> factory = new DefaultKafkaProducerFactory<>(producerConfig(),
                new StringSerializer(), new EnvelopeSerializer());
        KafkaTemplate<String, Envelope<?>> template = new KafkaTemplate<>(factory);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int w = 0; w < warmup; w++) { // warm-up (JIT compilation of both paths), not counted
                ingestRound(template);
                rawRound(raw, bytes);
            }
            double[] ingest = new double[rounds];
            double[] rawRates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ingest[r] = ingestRound(template);
                Map<String, Double> ingestCpu = lastCpu;
                rawRates[r] = rawRound(raw, bytes);
                System.out.printf("round %d: ingest path %,.0f records/s, raw producer %,.0f records/s (%.2fx)%n",
                        r + 1, ingest[r], rawRates[r], ingest[r] / rawRates[r]);
                System.out.printf("  CPU µs/record, ingest: %s%n  CPU µs/record, raw:    %s%n",
                        format(ingestCpu), format(lastCpu));
            }
            double ingestMedian = median(ingest);
            double rawMedian = median(rawRates);
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = ingest[r] / rawRates[r];
            }
            System.out.printf("median: ingest path %,.0f records/s, raw producer %,.0f records/s, ratio %.2fx "
                    + "(median of the rounds' ratios %.2fx)%n", ingestMedian, rawMedian, ingestMedian / rawMedian,
                    median(ratios));
        } finally {
            factory.destroy();
        }
    }

    /** The exact keys and values the ingest path produces for these Events (envelope ids differ per run only). */
    private List<byte[][]> precompute() {
        ObservedNormalizer normalizer = new ObservedNormalizer(ObjectLookup.NONE, new Redactor(),
                new IngestMetrics(new SimpleMeterRegistry()), count * 2);
        EnvelopeSerializer serializer = new EnvelopeSerializer();
        List<byte[][]> bytes = new ArrayList<>(count);
        Instant now = Instant.now();
        for (Observed o : observed) {
            for (Outgoing out : normalizer.normalize(o, now)) {
                bytes.add(new byte[][] {out.key().getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(out.topic().topicName(), OutgoingSender.envelope(CLUSTER, out))});
            }
        }
        return bytes;
    }

    /** Feeds the queue as the informers would (waiting instead of dropping) and times until Kafka acknowledged all. */
    private double ingestRound(KafkaTemplate<String, Envelope<?>> template) throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IngestMetrics metrics = new IngestMetrics(registry);
        IngestProperties properties = new IngestProperties(CLUSTER, null);
        ObservedQueue queue = new ObservedQueue(properties, metrics);
        ObservedNormalizer normalizer = new ObservedNormalizer(ObjectLookup.NONE, new Redactor(), metrics, count * 2);
        OutgoingSender sender = new OutgoingSender(template, metrics, CLUSTER);
        IngestPublisher publisher = new IngestPublisher(queue, normalizer, sender, metrics, Clock.systemUTC(), CLUSTER);
        Map<Long, Long> cpuBefore = cpuByThread();
        long started = System.nanoTime();
        publisher.start();
        for (Observed o : observed) {
            metrics.received(o.kind().kind()); // what ObservedQueue.offer counts for an informer
            queue.put(o); // waits where offer would drop: the bench measures throughput, not overflow
        }
        while (published(registry) < count) {
            Thread.sleep(1);
        }
        long elapsed = System.nanoTime() - started;
        lastCpu = cpuPerRecord(cpuBefore, count);
        publisher.stop();
        sender.close();
        return count / (elapsed / 1e9);
    }

    private static double published(SimpleMeterRegistry registry) {
        return registry.find(IngestMetrics.PUBLISHED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** Sends the precomputed bytes and times until Kafka acknowledged all. */
    private double rawRound(KafkaProducer<byte[], byte[]> raw, List<byte[][]> bytes) throws InterruptedException {
        AtomicLong acked = new AtomicLong();
        String topic = Topic.CLUSTER_EVENTS.topicName();
        Map<Long, Long> cpuBefore = cpuByThread();
        long started = System.nanoTime();
        for (byte[][] kv : bytes) {
            raw.send(new ProducerRecord<>(topic, kv[0], kv[1]), (metadata, failure) -> {
                if (failure == null) {
                    acked.incrementAndGet();
                }
            });
        }
        raw.flush();
        while (acked.get() < bytes.size()) {
            Thread.sleep(1);
        }
        long elapsed = System.nanoTime() - started;
        lastCpu = cpuPerRecord(cpuBefore, bytes.size());
        return bytes.size() / (elapsed / 1e9);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU microseconds per record of the last round, by thread group. */
    private Map<String, Double> lastCpu = Map.of();

    private static Map<Long, Long> cpuByThread() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            cpu.put(id, THREADS.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** CPU time each group of threads spent since {@code before}, in microseconds per record. */
    private static Map<String, Double> cpuPerRecord(Map<Long, Long> before, int records) {
        Map<String, Double> perRecord = new TreeMap<>();
        for (java.lang.management.ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            long spent = now - before.getOrDefault(info.getThreadId(), 0L);
            if (now < 0 || spent <= 0) {
                continue;
            }
            perRecord.merge(group(info.getThreadName()), spent / 1e3 / records, Double::sum);
        }
        return perRecord;
    }

    private static String group(String thread) {
        if (thread.startsWith("clusterwise-ingest-")) {
            return thread.replaceAll("-" + CLUSTER + "$", "").replace("clusterwise-ingest-", "ingest ");
        }
        if (thread.startsWith("kafka-producer-network-thread")) {
            return "producer I/O";
        }
        if (thread.startsWith("data-plane-kafka") || thread.startsWith("kafka-") || thread.contains("quorum")) {
            return "broker";
        }
        return thread.equals("main") ? "main (feeds/sends)" : "other";
    }

    private static String format(Map<String, Double> cpu) {
        StringBuilder out = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : cpu.entrySet()) {
            out.append(String.format("%s %.2f, ", e.getKey(), e.getValue()));
            total += e.getValue();
        }
        return out.append(String.format("total %.2f", total)).toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
