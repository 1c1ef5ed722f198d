package io.clusterwise.ingest.publish;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.normalize.Outgoing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@link Outgoing} records through the service's producer (batched, compressed, idempotent, {@code acks=all})
 * on its own thread — the second stage of the pipeline: the publisher thread normalizes, redacts and de-duplicates,
 * this one serializes, compresses and appends to the producer's batches, in the order handed over:
 * facts as {@code Envelope<ClusterEvent>} with {@code time} = lastSeen, snapshots as {@code Envelope<ObjectSnapshot>}
 * with {@code time} = observedAt, tombstones as a null value. Counts what Kafka acknowledged and how long it took.
 * Thread-safe.
 */
public final class OutgoingSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutgoingSender.class);

    private final KafkaTemplate<String, Envelope<?>> kafka;
    private final IngestMetrics metrics;
    private final String clusterName;
    static final int STAGE_CAPACITY = 8192;
    private final BlockingQueue<Outgoing> stage = new ArrayBlockingQueue<>(STAGE_CAPACITY);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final Thread worker;

    public OutgoingSender(KafkaTemplate<String, Envelope<?>> kafka, IngestMetrics metrics, String clusterName) {
        this.kafka = kafka;
        this.metrics = metrics;
        this.clusterName = clusterName;
        this.worker = new Thread(this::drain, "clusterwise-ingest-sender-" + clusterName);
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Serializes and sends on this sender's own thread (a second pipeline stage beside the publisher thread), in
     * order; waits while {@value #STAGE_CAPACITY} records are waiting for it.
     */
    public void send(Outgoing outgoing) {
        try {
            stage.put(outgoing);
            submitted.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(outgoing, e);
        }
    }

    private void drain() {
        try {
            while (true) {
                Outgoing outgoing = stage.take();
                try {
                    sendNow(outgoing);
                } finally {
                    done.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendNow(Outgoing outgoing) {
        Envelope<?> value = envelope(clusterName, outgoing);
        String what = what(outgoing);
        long started = System.nanoTime();
        try {
            kafka.send(outgoing.topic().topicName(), outgoing.key(), value).whenComplete((result, failure) -> {
                if (failure == null) {
                    metrics.published(outgoing.topic(), what, Duration.ofNanos(System.nanoTime() - started));
                } else {
                    failed(outgoing, failure);
                }
            });
        } catch (RuntimeException e) {
            failed(outgoing, e);
        }
    }

    /** Waits until everything sent so far is acknowledged (or failed). */
    public void flush() {
        long target = submitted.get();
        try {
            while (done.get() < target && worker.isAlive()) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kafka.flush();
    }

    /** Sends what is waiting, then ends the sender's thread (Spring calls this when the context closes). */
    @Override
    public void close() {
        flush();
        worker.interrupt();
    }

    /** The envelope ingest publishes for this record; null for a tombstone. */
    public static Envelope<?> envelope(String clusterName, Outgoing outgoing) {
        if (outgoing instanceof Outgoing.Fact fact) {
            ClusterEvent event = fact.event();
            return Envelope.of(clusterName, event.involvedObject().path(), event.lastSeen(), event);
        }
        if (outgoing instanceof Outgoing.Snapshot snapshot) {
            ObjectSnapshot s = snapshot.snapshot();
            return Envelope.of(clusterName, s.object().path(), s.observedAt(), s);
        }
        return null;
    }

    static String what(Outgoing outgoing) {
        if (outgoing instanceof Outgoing.Fact fact) {
            return fact.event().origin().name();
        }
        return outgoing instanceof Outgoing.Snapshot ? "SNAPSHOT" : "TOMBSTONE";
    }

    private void failed(Outgoing outgoing, Throwable failure) {
        metrics.failed("send");
        // names the record, never its content
        log.error("cannot publish {} for key {} to {}: {}", what(outgoing), outgoing.key(),
                outgoing.topic().topicName(), failure.toString());
    }
}
