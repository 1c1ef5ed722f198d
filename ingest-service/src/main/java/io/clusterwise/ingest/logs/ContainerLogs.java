package io.clusterwise.ingest.logs;

import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestProperties;
import io.clusterwise.ingest.normalize.Outgoing;
import io.clusterwise.ingest.publish.OutgoingSender;
import io.clusterwise.ingest.redact.Redactor;
import io.clusterwise.ingest.watch.Observed;
import io.fabric8.kubernetes.api.model.Pod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Container log evidence: when a pod's container run ended in error ({@link LogTrigger}), the last lines of that
 * run's log are read once, redacted ({@link LogLines}) and published on {@code cluster.logs} (key = pod UID) through
 * the service's sender.
 * <p>
 * The publisher thread hands every pod it publishes to {@link #observe} (off the informer threads), which only
 * queues reads in a {@link LogBudget}: coalesced per container, bounded, remembered once read. One reader thread of
 * the active replica takes them as the budget allows (a token bucket in total, an interval per pod) and does the
 * reads one at a time. A read that fails is counted and logged (each kind of failure once at WARN/ERROR, later ones
 * at DEBUG) and not retried; it never stops the reader. Active only between {@link #activate} and
 * {@link #deactivate}: a standby replica reads nothing.
 */
public final class ContainerLogs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContainerLogs.class);
    /** Containers whose last read run is remembered (least recently used forgotten first). */
    static final int REMEMBERED_RUNS = 100_000;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final long LOG_DROPS_EVERY = 100;
    static final String READ = "read";
    static final String REREAD = "reread";
    static final String NOT_FOUND = "not-found";
    static final String FORBIDDEN = "forbidden";
    static final String FAILED = "failed";

    private final LogSource source;
    private final LogLines lines;
    private final OutgoingSender sender;
    private final IngestMetrics metrics;
    private final IngestProperties.Logs config;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String threadName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private final LogBudget budget;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean active;
    private Thread worker;

    ContainerLogs(LogSource source, Redactor redactor, OutgoingSender sender, IngestMetrics metrics,
                  IngestProperties.Logs config, Clock clock, LongSupplier nanoTime, String clusterName) {
        this.source = source;
        this.lines = new LogLines(redactor);
        this.sender = sender;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.threadName = "clusterwise-ingest-logs-" + clusterName;
        this.budget = new LogBudget(config.readsPerSecond(), config.burst(), config.perPodInterval(),
                config.pendingCapacity(), REMEMBERED_RUNS, nanoTime.getAsLong(), metrics::logRead);
        metrics.logsPending(this::waiting);
    }

    /**
     * A pod as the publisher saw it (never blocks for long): queues a read for each container run worth reading;
     * a deleted pod's waiting reads are cancelled. Ignored unless active.
     */
    public void observe(Observed observed) {
        if (!active || !(observed.object() instanceof Pod pod)) {
            return;
        }
        if (observed instanceof Observed.Deleted) {
            String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
            if (uid != null) {
                lock.lock();
                try {
                    budget.cancelPod(uid);
                } finally {
                    lock.unlock();
                }
            }
            return;
        }
        List<LogRead> reads = LogTrigger.of(pod);
        if (reads.isEmpty()) {
            return;
        }
        LogRead droppedRead = null;
        lock.lock();
        try {
            for (LogRead read : reads) {
                LogBudget.Offered offered = budget.offer(read);
                if (offered == LogBudget.Offered.QUEUED || offered == LogBudget.Offered.COALESCED) {
                    changed.signalAll();
                } else if (offered == LogBudget.Offered.DROPPED) {
                    droppedRead = read;
                }
            }
        } finally {
            lock.unlock();
        }
        if (droppedRead != null) {
            long total = dropped.incrementAndGet();
            if (total == 1 || total % LOG_DROPS_EVERY == 0) {
                log.error("{} container log reads are waiting for the rate limits ({}={}): dropped the read of {} "
                                + "({} dropped so far). Raise {}, or the rate ({}, {})",
                        config.pendingCapacity(), IngestProperties.LOGS_PENDING_CAPACITY, config.pendingCapacity(),
                        droppedRead.describe(), total, IngestProperties.LOGS_PENDING_CAPACITY_ENV,
                        IngestProperties.LOGS_READS_PER_SECOND, IngestProperties.LOGS_BURST);
            }
        }
    }

    /** A log published before (read back from {@code cluster.logs}): its run is not read again. */
    public void remember(ContainerLog published) {
        if (published.pod().uid() == null) {
            return;
        }
        lock.lock();
        try {
            budget.remember(LogRead.containerKey(published.pod().uid(), published.container()),
                    published.restartCount());
        } finally {
            lock.unlock();
        }
    }

    /** This replica is the active ingest: start reading. */
    public synchronized void activate() {
        if (active) {
            return;
        }
        active = true;
        Thread thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /**
     * Another replica is active now (or this one stops): stop reading and forget the waiting reads — the next active
     * replica's first list of the pods asks for them again.
     */
    public synchronized void deactivate() {
        active = false;
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int cancelled;
        lock.lock();
        try {
            cancelled = budget.cancelAll();
        } finally {
            lock.unlock();
        }
        if (cancelled > 0) {
            log.info("{} container log reads were waiting for the rate limits: left to the next active ingest",
                    cancelled);
        }
    }

    @Override
    public void close() {
        deactivate();
    }

    /** Reads waiting for the rate limits now. */
    public int waiting() {
        lock.lock();
        try {
            return budget.waiting();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            for (LogRead read = next(); read != null; read = next()) {
                try {
                    read(read);
                } catch (RuntimeException e) {
                    // a bug or an answer we did not expect: this read is lost, the reader carries on
                    metrics.logRead(FAILED);
                    log.error("cannot read the log of {}: {}", read.describe(), e.toString(), e);
                }
            }
        } catch (InterruptedException e) {
            // deactivated
        }
    }

    /** Waits until the budget allows a read; null once deactivated. */
    private LogRead next() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (active) {
                LogBudget.Next next = budget.next(nanoTime.getAsLong());
                if (next instanceof LogBudget.Next.Take take) {
                    return take.read();
                }
                if (next instanceof LogBudget.Next.Wait wait) {
                    changed.awaitNanos(wait.nanos());
                } else {
                    changed.await();
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void read(LogRead read) throws InterruptedException {
        String text;
        try {
            text = source.read(read, config.tailLines(), config.limitBytes());
        } catch (LogSource.LogReadException e) {
            failed(read, e);
            return;
        }
        int tailLines = config.tailLines();
        boolean cut = reachedByteLimit(text);
        int complete = completeLines(text);
        if (cut && complete < tailLines && awaitToken()) {
            // the API applies limitBytes after tailLines and so cuts off the last lines, the ones that matter: ask
            // again for as many lines as fitted
            int fewer = Math.max(1, complete);
            metrics.logRead(REREAD);
            try {
                String again = source.read(read, fewer, config.limitBytes());
                text = again;
                cut = reachedByteLimit(again);
                tailLines = fewer;
            } catch (LogSource.LogReadException e) {
                log.debug("cannot read the last {} lines of {} again (HTTP {}: {}); publishing the first read",
                        fewer, read.describe(), e.status(), e.getMessage());
            }
        }
        LogLines.Text published = lines.of(text, tailLines, cut);
        metrics.redacted(published.redactions());
        if (!active) {
            metrics.logRead(LogBudget.CANCELLED);
            return;
        }
        sender.send(new Outgoing.Log(new ContainerLog(read.pod(), read.container(), read.run(), read.reason(),
                read.exitCode(), published.lines(), published.truncated(), clock.instant())));
        metrics.logRead(READ);
    }

    /** Takes a token for a second read, waiting for one; false once deactivated. */
    private boolean awaitToken() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (active) {
                long wait = budget.takeToken(nanoTime.getAsLong());
                if (wait == 0) {
                    return true;
                }
                changed.awaitNanos(wait);
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the answer is as long as the byte limit: then the API cut it (a cut multi-byte character may come back
     * as a replacement character, hence the few bytes of slack).
     */
    private boolean reachedByteLimit(String text) {
        return text.length() >= config.limitBytes() - 3
                || text.getBytes(StandardCharsets.UTF_8).length >= config.limitBytes() - 3;
    }

    private static int completeLines(String text) {
        int n = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            n++;
        }
        return n;
    }

    private void failed(LogRead read, LogSource.LogReadException e) {
        if (!active) {
            metrics.logRead(LogBudget.CANCELLED);
            return;
        }
        String outcome = switch (e.status()) {
            case 404 -> NOT_FOUND;
            case 403 -> FORBIDDEN;
            default -> FAILED;
        };
        metrics.logRead(outcome);
        boolean first = reported.add(outcome);
        String further = "; further ones are only counted (clusterwise_ingest_logs_reads_total{outcome=\"" + outcome
                + "\"})";
        switch (outcome) {
            case FORBIDDEN -> {
                if (first) {
                    log.error("cannot read the log of {}: the API server forbids it (HTTP 403: {}). The ingest's "
                            + "ClusterRole (or Role) needs the verb \"get\" on the resource \"pods/log\"{}",
                            read.describe(), e.getMessage(), further);
                } else {
                    log.debug("cannot read the log of {}: HTTP 403", read.describe());
                }
            }
            case NOT_FOUND -> {
                if (first) {
                    log.warn("cannot read the log of {}: not found (HTTP 404: {}); the run's container or the pod is "
                            + "gone{}", read.describe(), e.getMessage(), further);
                } else {
                    log.debug("cannot read the log of {}: HTTP 404", read.describe());
                }
            }
            default -> {
                String status = e.status() == 0 ? "no answer" : "HTTP " + e.status();
                if (first) {
                    log.warn("cannot read the log of {} ({}: {}){}", read.describe(), status, e.getMessage(), further);
                } else {
                    log.debug("cannot read the log of {} ({}: {})", read.describe(), status, e.getMessage());
                }
            }
        }
    }
}
