package io.clusterwise.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The writes of one SSE stream, run one at a time and in the order they were queued, on the shared writer pool
 * ({@link StreamWriters}). Queuing never blocks: a stream whose client stops reading holds at most one pool thread
 * (the write in progress), and its queue is bounded — {@link #offer} says when it is full so the caller can end the
 * stream instead of waiting.
 */
public final class StreamWriter {

    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);

    private final Executor pool;
    private final int capacity;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    /** A drain of this stream is queued on the pool or running: guarded by {@code this}. */
    private boolean draining;

    StreamWriter(Executor pool, int capacity) {
        this.pool = pool;
        this.capacity = capacity;
    }

    /** Queues a write. @return false, queuing nothing, when {@code capacity} writes already wait */
    public boolean offer(Runnable write) {
        return enqueue(write, false);
    }

    /** Queues a stream's last write (its terminal event), even when the queue is full: it ends the stream. */
    public void last(Runnable write) {
        enqueue(write, true);
    }

    /** How many writes may wait ({@code clusterwise.gateway.streams.queue-capacity}). */
    public int queueCapacity() {
        return capacity;
    }

    /** True when nothing waits and no write is in progress (a keep-alive is only worth queuing then). */
    public synchronized boolean idle() {
        return !draining;
    }

    private boolean enqueue(Runnable write, boolean evenWhenFull) {
        synchronized (this) {
            if (!evenWhenFull && waiting.size() >= capacity) {
                return false;
            }
            waiting.add(write);
            if (draining) {
                return true;
            }
            draining = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // the gateway is closing: the writer pool is gone, and so are the streams
            log.debug("stream write dropped, the writer pool is shut down");
            synchronized (this) {
                waiting.clear();
                draining = false;
            }
        }
        return true;
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                log.warn("writing to an SSE stream failed: {}", e.toString());
            }
        }
    }
}
