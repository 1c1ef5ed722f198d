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
 * drop, and stays {@link #overflowed()} (health DOWN) until the active ingest has re-read its informers' caches
 * through {@link #put} (which waits) and called {@link #recovered()}: what was dropped is published then, because
 * the caches hold the latest state of every object, and unchanged objects are de-duplicated.
 */
@Component
public final class ObservedQueue {

    private static final Logger log = LoggerFactory.getLogger(ObservedQueue.class);
    private static final long LOG_EVERY = 1000;

    private final BlockingQueue<Observed> queue;
    private final int capacity;
    private final IngestMetrics metrics;
    private final AtomicLong dropped = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean overflowed = new java.util.concurrent.atomic.AtomicBoolean();

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
        metrics.received(observed.kind().kind());
        if (queue.offer(observed)) {
            return true;
        }
        overflowed.set(true);
        long total = dropped.incrementAndGet();
        metrics.dropped();
        if (total == 1 || total % LOG_EVERY == 0) {
            log.error("ingest queue is full ({}={}): dropped {} for {} {}/{} ({} dropped so far); the publisher cannot "
                            + "keep up with the cluster. Raise {}; health stays DOWN until the ingest has re-read its caches",
                    IngestProperties.QUEUE_CAPACITY, capacity, observed.getClass().getSimpleName(),
                    observed.object().getKind(), observed.object().getMetadata().getNamespace(),
                    observed.object().getMetadata().getName(), total, IngestProperties.QUEUE_CAPACITY_ENV);
        }
        return false;
    }

    /**
     * Hands an observation over from a thread that may wait (never an informer's): blocks while the queue is full.
     * Used to re-read the informers' caches after an overflow.
     */
    public void put(Observed observed) throws InterruptedException {
        queue.put(observed);
    }

    /** The drops so far have been made good (the caches were re-read); health may turn UP again. */
    public void recovered() {
        overflowed.set(false);
    }

    /** Waits up to {@code timeout} for the next observation; null if none came. */
    public Observed poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Moves up to {@code max} queued observations to {@code into} without waiting (one lock for all of them). */
    public int drainTo(java.util.Collection<? super Observed> into, int max) {
        return queue.drainTo(into, max);
    }

    /** True from the first drop until {@link #recovered()}. */
    public boolean overflowed() {
        return overflowed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Forgets what is queued (leadership lost: another replica publishes now). */
    public void clear() {
        queue.clear();
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }
}
