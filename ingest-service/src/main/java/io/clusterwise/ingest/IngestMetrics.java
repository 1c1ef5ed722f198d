package io.clusterwise.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The ingest's counters, named once. Prometheus shows them with {@code _total}, e.g.
 * {@code clusterwise_ingest_events_published_total}.
 */
@Component
public final class IngestMetrics {

    public static final String RECEIVED = "clusterwise.ingest.events.received";
    public static final String PUBLISHED = "clusterwise.ingest.events.published";
    public static final String SKIPPED_UNCHANGED = "clusterwise.ingest.events.skipped.unchanged";
    public static final String REDACTED = "clusterwise.ingest.redactions";
    public static final String OVERFLOW = "clusterwise.ingest.queue.overflow";
    public static final String FAILED = "clusterwise.ingest.events.failed";

    private final MeterRegistry registry;
    private final Counter skippedUnchanged;
    private final Counter redacted;
    private final Counter overflow;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.skippedUnchanged = Counter.builder(SKIPPED_UNCHANGED)
                .description("Pod status facts not republished because nothing changed since the last one")
                .register(registry);
        this.redacted = Counter.builder(REDACTED)
                .description("Secret-looking values masked in published messages")
                .register(registry);
        this.overflow = Counter.builder(OVERFLOW)
                .description("Observations dropped because the ingest queue was full; raise "
                        + IngestProperties.QUEUE_CAPACITY_ENV)
                .register(registry);
    }

    /** An informer callback handed over an observation, tagged by its kind (EventObserved, PodObserved, PodDeleted). */
    public void received(String observed) {
        Counter.builder(RECEIVED).description("Observations handed over by the informers")
                .tag("observed", observed).register(registry).increment();
    }

    /** Kafka acknowledged a record, tagged by origin (EVENT, POD_STATUS). */
    public void published(String origin) {
        Counter.builder(PUBLISHED).description("ClusterEvents acknowledged by Kafka")
                .tag("origin", origin).register(registry).increment();
    }

    /** Something could not be normalized or sent, tagged by stage (normalize, send). */
    public void failed(String stage) {
        Counter.builder(FAILED).description("Observations or records that could not be normalized or sent")
                .tag("stage", stage).register(registry).increment();
    }

    public void skippedUnchanged(int count) {
        if (count > 0) {
            skippedUnchanged.increment(count);
        }
    }

    public void redacted(int count) {
        if (count > 0) {
            redacted.increment(count);
        }
    }

    public void overflow() {
        overflow.increment();
    }
}
