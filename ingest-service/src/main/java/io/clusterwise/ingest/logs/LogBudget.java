package io.clusterwise.ingest.logs;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which log read may go to the API server now, and which must wait. Pure: time comes in as {@code now} (nanoseconds
 * on any monotonic scale, e.g. {@link System#nanoTime()}), outcomes go out to a callback. Not thread-safe: its owner
 * guards it with one lock.
 * <ul>
 *   <li><b>In total</b>: a token bucket of {@code burst} tokens refilled at {@code readsPerSecond}; each read (and each
 *   re-read) takes one. Over any span of time {@code t} at most {@code burst + readsPerSecond × t} reads happen.</li>
 *   <li><b>Per pod</b>: at least {@code perPodInterval} between two reads of one pod.</li>
 *   <li><b>Coalescing</b>: at most one read waits per container; a newer run of the container replaces a waiting
 *   older one ({@code coalesced}: the older run's log is gone from the API anyway, which keeps only the previous
 *   run), a run that was read already, or is waiting, is not queued again.</li>
 *   <li><b>Bounded</b>: at most {@code pendingCapacity} reads wait; beyond it a new one is {@code dropped}. A read
 *   that has to wait for the budget is counted {@code deferred}, once.</li>
 *   <li><b>Memory</b>: the last run read per container, for {@code rememberedRuns} containers (least recently used
 *   forgotten first), also taken in from what was published before.</li>
 * </ul>
 * Waiting reads are taken in the order they first arrived (a coalesced one keeps its place).
 */
final class LogBudget {

    static final String DEFERRED = "deferred";
    static final String COALESCED = "coalesced";
    static final String DROPPED = "dropped";
    static final String CANCELLED = "cancelled";

    /** What {@link #offer} did with a read. */
    enum Offered { QUEUED, COALESCED, ALREADY_WAITING, ALREADY_READ, DROPPED }

    /** What the reader should do next. */
    sealed interface Next {
        /** Read this now (its token is taken, its pod's interval starts, its run is remembered as read). */
        record Take(LogRead read) implements Next {
        }

        /** Nothing may be read before {@code nanos} have passed (or a new read arrives). */
        record Wait(long nanos) implements Next {
        }

        /** Nothing is waiting. */
        record Idle() implements Next {
        }
    }

    private static final Next IDLE = new Next.Idle();

    private final double tokensPerNano;
    private final int burst;
    private final long perPodNanos;
    private final int pendingCapacity;
    private final Consumer<String> outcomes;
    private double tokens;
    private long refilledAt;
    private final LinkedHashMap<String, Waiting> waiting = new LinkedHashMap<>();
    /** Pod UID → when it was last read, oldest first; only the pods read within the interval are kept. */
    private final LinkedHashMap<String, Long> lastReadOfPod = new LinkedHashMap<>();
    private final Map<String, Integer> readRuns;

    /**
     * @param now      the current time: the bucket starts full
     * @param outcomes receives {@value #DEFERRED}, {@value #COALESCED}, {@value #DROPPED}, {@value #CANCELLED}
     */
    LogBudget(double readsPerSecond, int burst, Duration perPodInterval, int pendingCapacity, int rememberedRuns,
              long now, Consumer<String> outcomes) {
        this.tokensPerNano = readsPerSecond / 1e9;
        this.burst = burst;
        this.perPodNanos = perPodInterval.toNanos();
        this.pendingCapacity = pendingCapacity;
        this.outcomes = outcomes;
        this.tokens = burst;
        this.refilledAt = now;
        this.readRuns = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > rememberedRuns;
            }
        };
    }

    /** Queues a read unless its run was read already or is waiting; a newer run replaces a waiting older one. */
    Offered offer(LogRead read) {
        String key = read.containerKey();
        Integer done = readRuns.get(key);
        if (done != null && done >= read.run()) {
            return Offered.ALREADY_READ;
        }
        Waiting queued = waiting.get(key);
        if (queued != null) {
            if (queued.read.run() >= read.run()) {
                return Offered.ALREADY_WAITING;
            }
            queued.read = read;
            outcomes.accept(COALESCED);
            return Offered.COALESCED;
        }
        if (waiting.size() >= pendingCapacity) {
            outcomes.accept(DROPPED);
            return Offered.DROPPED;
        }
        waiting.put(key, new Waiting(read));
        return Offered.QUEUED;
    }

    /** The first waiting read both limits allow now, or how long until one is allowed. */
    Next next(long now) {
        refill(now);
        forgetPodsReadBefore(now);
        if (waiting.isEmpty()) {
            return IDLE;
        }
        long tokenWait = tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
        long soonest = Long.MAX_VALUE;
        for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
            Waiting candidate = it.next();
            long wait = Math.max(tokenWait, podWait(candidate.read.pod().uid(), now));
            if (wait == 0) {
                it.remove();
                tokens -= 1;
                String pod = candidate.read.pod().uid();
                lastReadOfPod.remove(pod);
                lastReadOfPod.put(pod, now);
                readRuns.put(candidate.read.containerKey(), candidate.read.run());
                return new Next.Take(candidate.read);
            }
            if (!candidate.deferred) {
                candidate.deferred = true;
                outcomes.accept(DEFERRED);
            }
            soonest = Math.min(soonest, wait);
        }
        return new Next.Wait(soonest);
    }

    /** Takes a token for a second read of the same run: 0 when taken, else how long until one is there. */
    long takeToken(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
    }

    /** Forgets the waiting reads of a deleted pod (its logs are gone); returns how many. */
    int cancelPod(String podUid) {
        int cancelled = 0;
        for (Iterator<Waiting> it = waiting.values().iterator(); it.hasNext(); ) {
            if (podUid.equals(it.next().read.pod().uid())) {
                it.remove();
                outcomes.accept(CANCELLED);
                cancelled++;
            }
        }
        return cancelled;
    }

    /** Forgets every waiting read (this replica stops being the active one); returns how many. */
    int cancelAll() {
        int cancelled = waiting.size();
        for (int i = 0; i < cancelled; i++) {
            outcomes.accept(CANCELLED);
        }
        waiting.clear();
        return cancelled;
    }

    /** A run whose log was published before (read back from {@code cluster.logs}): not read again. */
    void remember(String containerKey, int run) {
        readRuns.merge(containerKey, run, Math::max);
    }

    int waiting() {
        return waiting.size();
    }

    private void refill(long now) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
            refilledAt = now;
        }
    }

    private long podWait(String pod, long now) {
        Long last = lastReadOfPod.get(pod);
        return last == null ? 0 : Math.max(0, last + perPodNanos - now);
    }

    private void forgetPodsReadBefore(long now) {
        for (Iterator<Long> it = lastReadOfPod.values().iterator(); it.hasNext(); ) {
            if (now - it.next() >= perPodNanos) {
                it.remove();
            } else {
                break; // oldest first: the rest were read later
            }
        }
    }

    private static final class Waiting {
        private LogRead read;
        private boolean deferred;

        Waiting(LogRead read) {
            this.read = read;
        }
    }
}
