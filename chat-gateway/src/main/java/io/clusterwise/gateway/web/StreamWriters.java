package io.clusterwise.gateway.web;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The small pool that writes every SSE stream of a gateway ({@code clusterwise.gateway.streams.*}), so that no Kafka
 * consumer thread and no timer thread ever waits on a client's socket. Each stream gets its own {@link StreamWriter}
 * (ordered, bounded); the pool's own queue holds at most one drain task per open stream.
 */
public final class StreamWriters implements AutoCloseable {

    private final ExecutorService pool;
    private final int queueCapacity;

    public StreamWriters(int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "chat-gateway-sse-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.queueCapacity = queueCapacity;
    }

    /** A writer for one new stream. */
    public StreamWriter newStream() {
        return new StreamWriter(pool, queueCapacity);
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    /** Interrupts writes still in progress: the web server and the streams are gone by then. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
