package io.clusterwise.worker.kafka;

import io.clusterwise.contracts.kafka.DeadLetters;

import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireFormatException;
import io.clusterwise.contracts.WireJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A feed that runs its own {@link KafkaConsumer} (String keys, raw values) in one daemon thread instead of a listener
 * container. This base starts the thread, stops it (wakeup, then join), waits for a topic to exist and for Kafka to
 * answer, and polls until stopped; a subclass configures the consumer and says what to {@link #consume} and how.
 * The protected helpers are for the feed's thread only (a consumer is not thread-safe). Messages go to the
 * subclass's logger.
 */
public abstract class ConsumerFeed implements SmartLifecycle {

    private static final Duration METADATA_WAIT = Duration.ofSeconds(5);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    private static final Duration JOIN = Duration.ofSeconds(15);
    private static final Duration CLOSE = Duration.ofSeconds(5);

    private final String name;
    private final Logger log;
    private final String stoppedMessage;
    private final Function<Map<String, Object>, KafkaConsumer<String, byte[]>> consumers;
    private final Duration metadataWait;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile CountDownLatch stopSignal = new CountDownLatch(1);
    private volatile DeadLetters deadLetters;

    /**
     * @param name           the thread's name
     * @param log            the subclass's logger
     * @param stoppedMessage logged (with the exception) when the loop fails, e.g. what no longer changes
     */
    protected ConsumerFeed(String name, Logger log, String stoppedMessage) {
        this(name, log, stoppedMessage, KafkaConsumer::new, METADATA_WAIT);
    }

    /**
     * @param consumers    makes the consumer from its configuration
     * @param metadataWait how long one look-up of a topic's partitions may take before it is retried
     */
    protected ConsumerFeed(String name, Logger log, String stoppedMessage,
                           Function<Map<String, Object>, KafkaConsumer<String, byte[]>> consumers,
                           Duration metadataWait) {
        this.name = name;
        this.log = log;
        this.stoppedMessage = stoppedMessage;
        this.consumers = consumers;
        this.metadataWait = metadataWait;
    }

    /**
     * Where records this feed cannot read go ({@code <topic>-dlt}); without it they are only logged. Every replica
     * reads every record of these topics, so each replica that meets a poison record dead-letters its own copy (the
     * original topic/partition/offset headers tell the copies apart from different records).
     */
    public final void deadLetterTo(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** The consumer's configuration, asked at each start (see {@link #withoutGroup}). */
    protected abstract Map<String, Object> consumerConfig();

    /**
     * Runs in the feed's thread with the feed's consumer until it returns or the feed stops (the consumer is then
     * woken up: the {@link org.apache.kafka.common.errors.WakeupException} ends the feed quietly); a failure is
     * logged, and the consumer is closed afterwards either way.
     */
    protected abstract void consume(KafkaConsumer<String, byte[]> consumer);

    /**
     * {@code base} without a group (manual assignment, no commits), never creating a topic by accident, String keys
     * and raw values; the client id is {@code clientIdPrefix-<hex>}, unique per feed.
     */
    protected final Map<String, Object> withoutGroup(Map<String, Object> base, String clientIdPrefix) {
        Map<String, Object> config = new HashMap<>(base);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + Integer.toHexString(
                System.identityHashCode(this)));
        return config;
    }

    @Override
    public final synchronized void start() {
        if (running) {
            return;
        }
        stopSignal = new CountDownLatch(1);
        consumer = consumers.apply(consumerConfig());
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public final synchronized void stop() {
        running = false;
        stopSignal.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(JOIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    private void run() {
        KafkaConsumer<String, byte[]> c = consumer;
        try {
            consume(c);
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error(stoppedMessage, e);
        } finally {
            running = false;
            c.close(CLOSE);
        }
    }

    /**
     * Waits for the topic to exist (the worker may start before anyone created it) and for Kafka to answer at all (it
     * may start before Kafka is reachable): a timeout is retried, never the end of the loop. Warns once for each.
     *
     * @param meanwhile what that means for a reader, e.g. "the window stays empty"
     * @return the topic's partitions; empty when stopped first
     */
    protected final List<TopicPartition> awaitPartitions(String topic, String meanwhile) {
        boolean missingWarned = false;
        boolean unreachableWarned = false;
        while (running) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, metadataWait);
            } catch (TimeoutException e) {
                if (!unreachableWarned) {
                    log.warn("cannot reach Kafka to look up {} ({}); {} until it can, retrying", topic,
                            e.getMessage(), meanwhile);
                    unreachableWarned = true;
                }
                infos = null;
            }
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            if (infos != null && !missingWarned) {
                log.warn("topic {} does not exist yet; {} until it does", topic, meanwhile);
                missingWarned = true;
            }
            awaitStop(RETRY_EVERY);
        }
        return List.of();
    }

    /**
     * Positions every partition at the first record published at or after {@code clock}'s now − {@code lookBack},
     * retrying while Kafka does not answer. The end offsets are asked for <em>before</em> the time look-up: a
     * partition with nothing that recent is read from its end as it was before the look-up, so a record published
     * between the two look-ups is read, not skipped.
     *
     * @return the end offsets found (to tell when the feed has caught up); null when stopped first
     */
    protected final Map<TopicPartition, Long> awaitSeekToRecent(String topic, List<TopicPartition> partitions,
                                                                Clock clock, Duration lookBack) {
        while (running) {
            try {
                return seekToRecent(topic, partitions, clock.instant().minus(lookBack), lookBack);
            } catch (TimeoutException e) {
                log.warn("cannot reach Kafka to find where to start reading {} ({}); retrying", topic,
                        e.getMessage());
                awaitStop(RETRY_EVERY);
            }
        }
        return null;
    }

    private Map<TopicPartition, Long> seekToRecent(String topic, List<TopicPartition> partitions, Instant from,
                                                   Duration lookBack) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from.toEpochMilli()));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = offsets.get(p);
            consumer.seek(p, at != null ? at.offset() : ends.get(p));
        }
        log.info("reading {} partitions of {} from {} (the last {})", partitions.size(), topic, from, lookBack);
        return ends;
    }

    /** Waits {@code wait}, or less when stopped meanwhile. */
    protected final void awaitStop(Duration wait) {
        try {
            stopSignal.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Polls until stopped: each record to {@code each}, then {@code afterEachPoll} once per poll. A record that
     * {@code each} fails on (one that parsed but cannot be taken in) is dead-lettered and skipped, like one that does
     * not parse: one bad record must not end the feed.
     */
    protected final void pollWhileRunning(Duration poll, Consumer<ConsumerRecord<String, byte[]>> each,
                                          Runnable afterEachPoll) {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(poll)) {
                try {
                    each.accept(record);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    deadLetter(record, e);
                }
            }
            afterEachPoll.run();
        }
    }

    /** True once the consumer's position has reached every given end offset. */
    protected final boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /**
     * The payload of a record that is not a tombstone, or empty when it cannot be read: such a record is
     * dead-lettered (see {@link #deadLetterTo}) and skipped, and the feed goes on.
     */
    protected final Optional<Payload> read(Topic topic, ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(WireJson.read(topic, record.value()).data());
        } catch (WireFormatException | IllegalArgumentException e) {
            deadLetter(record, e);
            return Optional.empty();
        }
    }

    /** A record this feed cannot take in goes to its dead-letter topic (only logged without one); the feed goes on. */
    protected final void deadLetter(ConsumerRecord<String, byte[]> record, Exception cause) {
        DeadLetters sink = deadLetters;
        if (sink != null) {
            sink.publish(record, cause);
        } else {
            log.warn("skipping unreadable record {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), cause.getMessage());
        }
    }
}
