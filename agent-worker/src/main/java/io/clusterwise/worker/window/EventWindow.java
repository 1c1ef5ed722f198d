package io.clusterwise.worker.window;

import io.clusterwise.contracts.ClusterEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The bounded, thread-safe in-memory window of recent cluster events that every answer and insight is built from.
 * Keyed by {@code eventUid}: a newer record for the same event (e.g. its count went up) replaces the older one and
 * counts as the newest. Beyond {@code maxEvents} the least recently published events go first; anything whose Kafka
 * record timestamp is older than {@code maxAge} is dropped, however recent the event's own timestamps claim to be.
 */
public final class EventWindow {

    private final int maxEvents;
    private final Duration maxAge;
    private final Clock clock;
    private final Canonical canonical;
    /** Insertion order = publication order, so the head is always the least recently published entry. */
    private final LinkedHashMap<String, WindowedEvent> events = new LinkedHashMap<>();
    private long version;
    private static final Duration SCAN_EVERY = Duration.ofSeconds(1);
    private Instant lastScan;
    private volatile boolean caughtUp;

    public EventWindow(int maxEvents, Duration maxAge, Clock clock) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1");
        }
        this.maxEvents = maxEvents;
        this.maxAge = maxAge;
        this.clock = clock;
        this.canonical = new Canonical(Math.max(1_000, 2 * maxEvents));
    }

    /**
     * Adds or replaces an event.
     *
     * @return false when the record was already too old to keep
     */
    public synchronized boolean add(ClusterEvent event, Instant recordTime) {
        if (event == null || event.eventUid() == null || isExpired(recordTime, clock.instant())) {
            return false;
        }
        events.remove(event.eventUid());
        events.put(event.eventUid(), new WindowedEvent(canonical.of(event), recordTime));
        Iterator<WindowedEvent> oldest = events.values().iterator();
        while (events.size() > maxEvents && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        version++;
        return true;
    }

    /** The events still inside the window, least recently published first. */
    public synchronized List<WindowedEvent> snapshot() {
        evictExpired();
        return List.copyOf(events.values());
    }

    /** Just the events of {@link #snapshot()}. */
    public List<ClusterEvent> events() {
        List<WindowedEvent> snapshot = snapshot();
        List<ClusterEvent> out = new ArrayList<>(snapshot.size());
        snapshot.forEach(w -> out.add(w.event()));
        return out;
    }

    public synchronized int size() {
        evictExpired();
        return events.size();
    }

    /** Goes up whenever the window's content changes, so a reader can skip work when nothing happened. */
    public synchronized long version() {
        evictExpired();
        return version;
    }

    /** True once the feed has read {@code cluster.events} up to where it ended when the worker started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    void markCaughtUp() {
        caughtUp = true;
    }

    public Duration maxAge() {
        return maxAge;
    }

    private void evictExpired() {
        Instant now = clock.instant();
        // a full scan at most once per second of the clock: a reader asking often (size, version, snapshot) stays cheap
        if (lastScan != null && !now.isBefore(lastScan) && now.isBefore(lastScan.plus(SCAN_EVERY))) {
            return;
        }
        lastScan = now;
        int before = events.size();
        // not strictly ordered by record time across partitions, so check every entry (n <= max-events)
        events.values().removeIf(w -> isExpired(w.recordTime(), now));
        if (events.size() != before) {
            version++;
        }
    }

    private boolean isExpired(Instant recordTime, Instant now) {
        return recordTime == null || recordTime.isBefore(now.minus(maxAge));
    }

    @Override
    public synchronized String toString() {
        return "EventWindow[" + events.size() + "/" + maxEvents + " events, max-age " + maxAge + "]";
    }
}
