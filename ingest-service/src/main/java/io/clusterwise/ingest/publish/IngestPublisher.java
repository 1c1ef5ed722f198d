package io.clusterwise.ingest.publish;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.normalize.ObservedNormalizer;
import io.clusterwise.ingest.normalize.Outgoing;
import io.clusterwise.ingest.watch.Observed;
import io.clusterwise.ingest.watch.ObservedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one publisher thread: drains the queue → normalize, redact, de-duplicate ({@link ObservedNormalizer}) → send
 * ({@link OutgoingSender}). Starts before the informers and stops after them, sending what is still queued. Each
 * observation is also shown to an observer first (the container log reader, which only queues reads), so it never
 * runs on an informer thread.
 */
public final class IngestPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestPublisher.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int DRAIN_BATCH = 256;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Before the leader election ({@code Integer.MAX_VALUE - 1024}): started first, stopped last. */
    public static final int PHASE = Integer.MAX_VALUE - 2048;

    private final ObservedQueue queue;
    private final ObservedNormalizer normalizer;
    private final OutgoingSender sender;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final String name;
    private final Consumer<Observed> observer;
    private volatile boolean running;
    private Thread thread;

    public IngestPublisher(ObservedQueue queue, ObservedNormalizer normalizer, OutgoingSender sender,
                           IngestMetrics metrics, Clock clock, String clusterName) {
        this(queue, normalizer, sender, metrics, clock, clusterName, observed -> { });
    }

    /** @param observer shown every observation before it is published (must not block for long) */
    public IngestPublisher(ObservedQueue queue, ObservedNormalizer normalizer, OutgoingSender sender,
                           IngestMetrics metrics, Clock clock, String clusterName, Consumer<Observed> observer) {
        this.observer = observer;
        this.queue = queue;
        this.normalizer = normalizer;
        this.sender = sender;
        this.metrics = metrics;
        this.clock = clock;
        this.name = "clusterwise-ingest-publisher-" + clusterName;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("publisher did not finish within {}; {} observations left unsent", STOP_TIMEOUT, queue.size());
                thread.interrupt();
            }
        }
        sender.flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void run() {
        List<Observed> batch = new ArrayList<>(DRAIN_BATCH);
        try {
            while (running || queue.size() > 0) {
                Observed observed = queue.poll(POLL);
                if (observed == null) {
                    continue;
                }
                batch.add(observed);
                queue.drainTo(batch, DRAIN_BATCH - 1); // what queued up meanwhile, under one lock
                for (Observed next : batch) {
                    publish(next);
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void publish(Observed observed) {
        try {
            observer.accept(observed);
        } catch (RuntimeException e) {
            log.error("cannot look at {} {}/{} for container logs: {}", observed.kind().kind(),
                    observed.object().getMetadata().getNamespace(), observed.object().getMetadata().getName(),
                    e.toString());
        }
        List<Outgoing> records;
        try {
            records = normalizer.normalize(observed, clock.instant());
        } catch (RuntimeException e) {
            // a bug or an object shape we did not expect: say which object, never its content
            metrics.failed("normalize");
            log.error("cannot normalize {} {}/{}: {}", observed.kind().kind(),
                    observed.object().getMetadata().getNamespace(), observed.object().getMetadata().getName(),
                    e.toString());
            return;
        }
        records.forEach(sender::send);
    }
}
