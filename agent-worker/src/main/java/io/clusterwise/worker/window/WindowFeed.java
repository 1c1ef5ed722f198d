package io.clusterwise.worker.window;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireFormatException;
import io.clusterwise.contracts.WireJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Feeds the {@link EventWindow} from {@code cluster.events}. Every worker replica reads ALL partitions by manual
 * assignment (no consumer group, no commits), starting from the first record published within the window's max-age,
 * so a restarted or newly scaled worker rebuilds the same window from Kafka.
 */
final class WindowFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WindowFeed.class);
    private static final String TOPIC = Topic.CLUSTER_EVENTS.topicName();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(5);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private final Supplier<Map<String, Object>> kafkaConfig;
    private final EventWindow window;
    private final Clock clock;
    private final Function<Map<String, Object>, KafkaConsumer<String, byte[]>> consumers;
    private final Duration metadataWait;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    WindowFeed(Supplier<Map<String, Object>> kafkaConfig, EventWindow window, Clock clock) {
        this(kafkaConfig, window, clock, KafkaConsumer::new, METADATA_WAIT);
    }

    /** @param metadataWait how long one look-up of the topic's partitions may take before it is retried */
    WindowFeed(Supplier<Map<String, Object>> kafkaConfig, EventWindow window, Clock clock,
               Function<Map<String, Object>, KafkaConsumer<String, byte[]>> consumers, Duration metadataWait) {
        this.kafkaConfig = kafkaConfig;
        this.window = window;
        this.clock = clock;
        this.consumers = consumers;
        this.metadataWait = metadataWait;
    }

    /** True once the feed has read up to the end offsets it found at start-up. */
    boolean caughtUp() {
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
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // never create cluster.events by accident
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "clusterwise-agent-worker-window-" + Integer.toHexString(
                System.identityHashCode(this)));
        consumer = consumers.apply(config);
        running = true;
        thread = new Thread(this::run, "clusterwise-window-feed");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        stopSignal.countDown();
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
            Map<TopicPartition, Long> endAtStart = awaitWindowStart(c, partitions);
            if (endAtStart == null) {
                return;
            }
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(POLL);
                for (ConsumerRecord<String, byte[]> record : records) {
                    accept(record);
                }
                if (!caughtUp && reached(c, endAtStart)) {
                    caughtUp = true;
                    window.markCaughtUp();
                    log.info("window caught up with {}: {}", TOPIC, window);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("the {} feed stopped; the window will not change until the worker restarts", TOPIC, e);
        } finally {
            running = false;
        }
    }

    /**
     * Waits for the topic to exist (the worker may start before anyone created it) and for Kafka to answer at all (it
     * may start before Kafka is reachable): a timeout is retried, never the end of the feed.
     */
    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        boolean warned = false;
        boolean unreachableWarned = false;
        while (running) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(TOPIC, metadataWait);
            } catch (TimeoutException e) {
                if (!unreachableWarned) {
                    log.warn("cannot reach Kafka to look up {} ({}); the window stays empty until it can, retrying",
                            TOPIC, e.getMessage());
                    unreachableWarned = true;
                }
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                return partitions;
            }
            if (infos != null && !warned) {
                log.warn("topic {} does not exist yet; the window stays empty until it does", TOPIC);
                warned = true;
            }
            awaitStop(RETRY_EVERY);
        }
        return List.of();
    }

    /** Positions every partition at the window's start, retrying while Kafka does not answer; null when stopped. */
    private Map<TopicPartition, Long> awaitWindowStart(KafkaConsumer<String, byte[]> c,
                                                       List<TopicPartition> partitions) {
        while (running) {
            try {
                return seekToWindowStart(c, partitions);
            } catch (TimeoutException e) {
                log.warn("cannot reach Kafka to find where the window starts in {} ({}); retrying", TOPIC,
                        e.getMessage());
                awaitStop(RETRY_EVERY);
            }
        }
        return null;
    }

    private void awaitStop(Duration wait) {
        try {
            stopSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private Map<TopicPartition, Long> seekToWindowStart(KafkaConsumer<String, byte[]> c,
                                                        List<TopicPartition> partitions) {
        long from = clock.instant().minus(window.maxAge()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from));
        // the end offsets first: a partition with nothing inside the window is read from its end as it was BEFORE
        // the time look-up, so a record published between the two look-ups is read, not skipped
        Map<TopicPartition, Long> ends = c.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = offsets.get(p);
            c.seek(p, at != null ? at.offset() : ends.get(p));
        }
        log.info("reading {} partitions of {} from {} (max-age {})", partitions.size(), TOPIC,
                Instant.ofEpochMilli(from), window.maxAge());
        return ends;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            Envelope<Payload> envelope = WireJson.read(Topic.CLUSTER_EVENTS, record.value());
            if (envelope.data() instanceof ClusterEvent event) {
                window.add(event, Instant.ofEpochMilli(record.timestamp()));
            }
        } catch (WireFormatException e) {
            // every replica reads every record, so dead-lettering here would write one copy per replica
            log.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "WindowFeed[" + TOPIC + ", running=" + running + ", caughtUp=" + caughtUp + "]";
    }
}
