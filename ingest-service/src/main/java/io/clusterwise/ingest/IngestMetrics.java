package io.clusterwise.ingest;

import io.clusterwise.contracts.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The ingest's meters, named once. Prometheus shows counters with {@code _total}, e.g.
 * {@code clusterwise_ingest_events_published_total}, and the latency timer as
 * {@code clusterwise_ingest_publish_latency_seconds_*}.
 */
@Component
public final class IngestMetrics {

    public static final String RECEIVED = "clusterwise.ingest.events.received";
    public static final String PUBLISHED = "clusterwise.ingest.events.published";
    public static final String DEDUPLICATED = "clusterwise.ingest.events.deduplicated";
    public static final String REDACTED = "clusterwise.ingest.redactions";
    public static final String DROPPED = "clusterwise.ingest.events.dropped";
    public static final String FAILED = "clusterwise.ingest.events.failed";
    public static final String PUBLISH_LATENCY = "clusterwise.ingest.publish.latency";
    public static final String LOG_READS = "clusterwise.ingest.logs.reads";
    public static final String LOG_PENDING = "clusterwise.ingest.logs.pending";

    /**
     * The publish latency is timed on one record in this many: timing every record (a clock read when sending, a
     * histogram update per acknowledgement on the producer's one I/O thread) cost as much as the rest of that
     * thread's per-record work; the percentiles of a 1-in-16 sample at thousands of records per second are the same.
     */
    public static final int LATENCY_SAMPLE = 16;

    private final MeterRegistry registry;
    private final Counter redacted;
    private final Counter dropped;
    private final Timer latency;
    /** Looked up per record: cached rather than re-registered (a registry lookup costs more than the increment). */
    /** What a published record was (the {@code origin} tag). */
    private static final List<String> ORIGINS = List.of("EVENT", "POD_STATUS", "SNAPSHOT", "TOMBSTONE", "LOG");
    private final Published[] publishedByOrigin = new Published[Topic.values().length * ORIGINS.size()];
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> logReads = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redacted = Counter.builder(REDACTED)
                .description("Secret-looking values masked in published messages and manifests")
                .register(registry);
        this.dropped = Counter.builder(DROPPED)
                .description("Observations dropped because the ingest queue was full; raise "
                        + IngestProperties.QUEUE_CAPACITY_ENV)
                .tag("reason", "queue-full")
                .register(registry);
        this.latency = Timer.builder(PUBLISH_LATENCY)
                .description("From handing a record to the producer until Kafka acknowledged it (every "
                        + LATENCY_SAMPLE + "th record)")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** An informer callback handed over an observation, tagged by kind (Pod, Event, …). */
    public void received(String kind) {
        received.computeIfAbsent(kind, k -> Counter.builder(RECEIVED)
                .description("Observations handed over by the informers (or read from a dump)")
                .tag("kind", k).register(registry)).increment();
    }

    /** Kafka acknowledged a record, tagged by topic and what it was (EVENT, POD_STATUS, SNAPSHOT, TOMBSTONE, LOG). */
    public void published(Topic topic, String what, Duration latency) {
        published(topic, what).record(latency.toNanos());
    }

    /**
     * The meters to record a record of this topic and origin with once Kafka acknowledged it: looked up when it is
     * sent, recorded on the producer's I/O thread without any further look-up. The counters of the four origins are
     * kept in an array per topic.
     */
    public Published published(Topic topic, String what) {
        int origin = ORIGINS.indexOf(what);
        int slot = topic.ordinal() * ORIGINS.size() + origin;
        Published published = origin < 0 ? null : publishedByOrigin[slot];
        if (published == null) {
            published = new Published(Counter.builder(PUBLISHED).description("Records acknowledged by Kafka")
                    .tag("topic", topic.topicName()).tag("origin", what).register(registry), latency);
            if (origin >= 0) {
                publishedByOrigin[slot] = published; // registering is idempotent: a race only registers twice
            }
        }
        return published;
    }

    /** The published counter of one topic and origin, with the publish latency timer. */
    public record Published(Counter counter, Timer latency) {
        /** Kafka acknowledged a record that was timed. */
        public void record(long latencyNanos) {
            counter.increment();
            latency.record(latencyNanos, TimeUnit.NANOSECONDS);
        }

        /** Kafka acknowledged a record that was not timed (see {@link #LATENCY_SAMPLE}). */
        public void record() {
            counter.increment();
        }
    }

    /** Something could not be normalized or sent, tagged by stage (normalize, send). */
    public void failed(String stage) {
        Counter.builder(FAILED).description("Observations or records that could not be normalized or sent")
                .tag("stage", stage).register(registry).increment();
    }

    /** Records not published because the same version (or an unchanged status) was published already. */
    public void deduplicated(Topic topic, int count) {
        if (count > 0) {
            Counter.builder(DEDUPLICATED).description("Records not republished because nothing changed")
                    .tag("topic", topic.topicName()).register(registry).increment(count);
        }
    }

    public void deduplicated(Topic topic) {
        deduplicated(topic, 1);
    }

    /**
     * What became of a container log read, tagged by outcome: {@code read} (read and handed to the producer),
     * {@code reread} (read again with fewer lines because the byte limit cut the last ones off), {@code not-found},
     * {@code forbidden}, {@code failed}, {@code deferred} (waited for the rate limits), {@code coalesced} (a newer
     * restart replaced a waiting one), {@code dropped} (too many waiting), {@code cancelled} (the pod was deleted or
     * this replica stopped being the active one).
     */
    public void logRead(String outcome) {
        logReads.computeIfAbsent(outcome, o -> Counter.builder(LOG_READS)
                .description("Container log reads by what became of them")
                .tag("outcome", o).register(registry)).increment();
    }

    /** The number of container log reads waiting for the rate limits, as a gauge. */
    public void logsPending(java.util.function.Supplier<Number> pending) {
        io.micrometer.core.instrument.Gauge.builder(LOG_PENDING, pending)
                .description("Container log reads waiting for the rate limits").register(registry);
    }

    public void redacted(int count) {
        if (count > 0) {
            redacted.increment(count);
        }
    }

    public void dropped() {
        dropped.increment();
    }

    /** For tests and health: how many were dropped. */
    public double droppedCount() {
        return dropped.count();
    }
}
