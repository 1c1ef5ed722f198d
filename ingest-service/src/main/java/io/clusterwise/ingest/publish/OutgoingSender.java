package io.clusterwise.ingest.publish;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.normalize.Outgoing;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@link Outgoing} records through the service's producer (batched, compressed, idempotent, {@code acks=all})
 * on its own thread — the second stage of the pipeline: the publisher thread normalizes, redacts and de-duplicates,
 * this one serializes, compresses and appends to the producer's batches, in the order handed over:
 * facts as {@code Envelope<ClusterEvent>} with {@code time} = lastSeen, snapshots as {@code Envelope<ObjectSnapshot>}
 * with {@code time} = observedAt, tombstones as a null value, container logs as {@code Envelope<ContainerLog>} with
 * {@code time} = readAt. Counts what Kafka acknowledged and how long it took.
 * Thread-safe.
 */
public final class OutgoingSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutgoingSender.class);

    private final KafkaTemplate<String, Envelope<?>> kafka;
    private final IngestMetrics metrics;
    private final String clusterName;
    static final int STAGE_CAPACITY = 8192;
    private static final int DRAIN_BATCH = 256;
    private final BlockingQueue<Outgoing> stage = new ArrayBlockingQueue<>(STAGE_CAPACITY);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final EnvelopeIds ids = new EnvelopeIds();
    /** Records sent by this sender's thread (only that thread touches it): picks the ones whose latency is timed. */
    private long sequence;
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
        List<Outgoing> batch = new ArrayList<>(DRAIN_BATCH);
        try {
            while (true) {
                batch.add(stage.take());
                stage.drainTo(batch, DRAIN_BATCH - 1); // one lock for what queued up meanwhile
                try {
                    kafka.execute(producer -> {
                        for (Outgoing outgoing : batch) {
                            sendNow(producer, outgoing);
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    batch.forEach(outgoing -> failed(outgoing, e)); // no producer could be had
                } finally {
                    done.addAndGet(batch.size());
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Straight to the template's producer with a plain callback: {@code KafkaTemplate.send} would add a
     * {@code CompletableFuture} per record, completed on the producer's single I/O thread (JFR: a quarter of that
     * thread's time in the benchmark).
     */
    private void sendNow(org.apache.kafka.clients.producer.Producer<String, Envelope<?>> producer, Outgoing outgoing) {
        Envelope<?> value = outgoing instanceof Outgoing.Tombstone ? null : envelope(clusterName, outgoing, ids.get());
        // looked up here, while the record is in this thread's cache: the acknowledgement comes much later on the
        // I/O thread, where every object it has to dereference is a cache miss (JFR: a third of that thread)
        IngestMetrics.Published published = metrics.published(outgoing.topic(), what(outgoing));
        boolean timed = sequence++ % IngestMetrics.LATENCY_SAMPLE == 0;
        long started = timed ? System.nanoTime() : 0L;
        try {
            producer.send(new ProducerRecord<>(outgoing.topic().topicName(), outgoing.key(), value),
                    (metadata, failure) -> {
                        if (failure != null) {
                            failed(outgoing, failure);
                        } else if (timed) {
                            published.record(System.nanoTime() - started);
                        } else {
                            published.record();
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

    /** The envelope ingest publishes for this record (with a random UUID as id); null for a tombstone. */
    public static Envelope<?> envelope(String clusterName, Outgoing outgoing) {
        return envelope(clusterName, outgoing, UUID.randomUUID().toString());
    }

    /** {@link Envelope#of} with the given id: facts at lastSeen, snapshots at observedAt, logs at readAt. */
    static Envelope<?> envelope(String clusterName, Outgoing outgoing, String id) {
        if (outgoing instanceof Outgoing.Fact fact) {
            ClusterEvent event = fact.event();
            return Envelope.of(id, clusterName, event.involvedObject().path(), event.lastSeen(), event);
        }
        if (outgoing instanceof Outgoing.Snapshot snapshot) {
            ObjectSnapshot s = snapshot.snapshot();
            return Envelope.of(id, clusterName, s.object().path(), s.observedAt(), s);
        }
        if (outgoing instanceof Outgoing.Log log) {
            ContainerLog l = log.log();
            return Envelope.of(id, clusterName, l.pod().path(), l.readAt(), l);
        }
        return null;
    }

    static String what(Outgoing outgoing) {
        if (outgoing instanceof Outgoing.Fact fact) {
            return fact.event().origin().name();
        }
        if (outgoing instanceof Outgoing.Log) {
            return "LOG";
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
