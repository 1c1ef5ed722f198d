package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one bounded hand-off between the informer callbacks and the publisher thread. It never blocks an informer and
 * never drops silently: when full, it logs an error naming {@value IngestProperties#QUEUE_CAPACITY_ENV}, counts the
 * drop, and stays {@link #overflowed()} so health reports DOWN until the service is restarted (a restart relists
 * everything, so nothing stays lost).
 */
@Component
public final class ObservedQueue {

    private static final Logger log = LoggerFactory.getLogger(ObservedQueue.class);
    private static final long LOG_EVERY = 1000;

    private final BlockingQueue<Observed> queue;
    private final int capacity;
    private final IngestMetrics metrics;
    private final AtomicLong dropped = new AtomicLong();

    @Autowired
    public ObservedQueue(IngestProperties properties, IngestMetrics metrics) {
        this(properties.ingest().queueCapacity(), metrics);
    }

    ObservedQueue(int capacity, IngestMetrics metrics) {
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.metrics = metrics;
    }

    /** Hands an observation over; returns false (after logging and counting) if the queue is full. */
    public boolean offer(Observed observed) {
        metrics.received(observed.getClass().getSimpleName());
        if (queue.offer(observed)) {
            return true;
        }
        long total = dropped.incrementAndGet();
        metrics.overflow();
        if (total == 1 || total % LOG_EVERY == 0) {
            log.error("ingest queue is full ({}={}): dropped {} for {} {}/{} ({} dropped so far); the publisher cannot "
                            + "keep up with the cluster. Raise {}; health stays DOWN until restart",
                    IngestProperties.QUEUE_CAPACITY, capacity, observed.getClass().getSimpleName(),
                    observed.object().getKind(), observed.object().getMetadata().getNamespace(),
                    observed.object().getMetadata().getName(), total, IngestProperties.QUEUE_CAPACITY_ENV);
        }
        return false;
    }

    /** Waits up to {@code timeout} for the next observation; null if none came. */
    public Observed poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean overflowed() {
        return dropped.get() > 0;
    }

    public long dropped() {
        return dropped.get();
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }
}
