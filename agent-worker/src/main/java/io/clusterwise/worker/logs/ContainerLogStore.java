package io.clusterwise.worker.logs;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.ObjectRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest log excerpt of each container (pod UID, container name), as {@code cluster.logs} brought them: a newer
 * restart replaces an older one, an older restart arriving late is ignored. Bounded: beyond {@code maxContainers} the
 * least recently updated containers go (counted, with one warning naming the key to raise). Excerpts published longer
 * ago than {@code lookBack} are forgotten, as is every excerpt of a pod that {@code cluster.state} deleted.
 * Thread-safe.
 */
public final class ContainerLogStore {

    private static final Logger log = LoggerFactory.getLogger(ContainerLogStore.class);
    private static final Duration SCAN_EVERY = Duration.ofSeconds(1);

    private record Key(String podUid, String container) {
    }

    private record Entry(ContainerLog log, ClusterEvent excerpt, Instant recordTime) {
    }

    private final int maxContainers;
    private final int maxLines;
    private final Duration lookBack;
    private final Clock clock;
    /** Insertion order = update order: the head is the least recently updated container. */
    private final LinkedHashMap<Key, Entry> latest = new LinkedHashMap<>();
    private final Map<String, Set<String>> containersOf = new HashMap<>();
    private long version;
    private long evicted;
    private boolean warned;
    private Instant lastScan;

    /**
     * @param maxLines the last lines kept of each excerpt
     * @param lookBack how long after it was published an excerpt is kept
     */
    public ContainerLogStore(int maxContainers, int maxLines, Duration lookBack, Clock clock) {
        if (maxContainers < 1 || maxLines < 1) {
            throw new IllegalArgumentException("maxContainers and maxLines must be at least 1");
        }
        this.maxContainers = maxContainers;
        this.maxLines = maxLines;
        this.lookBack = lookBack;
        this.clock = clock;
    }

    /**
     * Keeps {@code containerLog} as its container's latest excerpt unless a later restart (or a later read of the same
     * restart) is already held.
     *
     * @param podUid     the pod's UID (the record's key when the log's pod names none)
     * @param recordTime the Kafka record timestamp: when ingest published it
     * @return whether it was kept
     */
    public synchronized boolean put(String podUid, ContainerLog containerLog, Instant recordTime) {
        if (podUid == null || podUid.isBlank() || recordTime == null
                || recordTime.isBefore(clock.instant().minus(lookBack))) {
            return false;
        }
        Key key = new Key(podUid, containerLog.container());
        Entry held = latest.get(key);
        if (held != null && !newer(containerLog, held.log())) {
            return false;
        }
        ObjectRef pod = podUid.equals(containerLog.pod().uid()) ? containerLog.pod()
                : new ObjectRef(containerLog.pod().kind(), containerLog.pod().namespace(), containerLog.pod().name(),
                podUid);
        latest.remove(key);
        latest.put(key, new Entry(containerLog, LogExcerpt.event(pod, containerLog, maxLines), recordTime));
        containersOf.computeIfAbsent(podUid, k -> new HashSet<>()).add(key.container());
        while (latest.size() > maxContainers) {
            remove(latest.keySet().iterator().next());
            evicted++;
            if (!warned) {
                warned = true;
                log.warn("holding log excerpts of more than {} containers; the least recently updated are dropped "
                        + "(raise clusterwise.worker.logs.max-containers to keep them)", maxContainers);
            }
        }
        version++;
        return true;
    }

    /** A later restart, or the same restart read later. */
    private static boolean newer(ContainerLog candidate, ContainerLog held) {
        if (candidate.restartCount() != held.restartCount()) {
            return candidate.restartCount() > held.restartCount();
        }
        return held.readAt() == null || candidate.readAt() != null && !candidate.readAt().isBefore(held.readAt());
    }

    /** Forgets every excerpt of a pod, e.g. when {@code cluster.state} says it was deleted. */
    public synchronized void forgetPod(String podUid) {
        Set<String> containers = podUid == null ? null : containersOf.get(podUid);
        if (containers == null) {
            return;
        }
        for (String container : List.copyOf(containers)) {
            remove(new Key(podUid, container));
        }
        version++;
    }

    /** The held excerpts (see {@link LogExcerpt}), least recently updated first. */
    public synchronized List<ClusterEvent> excerpts() {
        expire();
        List<ClusterEvent> out = new ArrayList<>(latest.size());
        latest.values().forEach(e -> out.add(e.excerpt()));
        return out;
    }

    /** Goes up whenever the held excerpts change. */
    public synchronized long version() {
        expire();
        return version;
    }

    public synchronized int size() {
        return latest.size();
    }

    /** How many containers' excerpts were dropped because more than {@code maxContainers} were held. */
    public synchronized long evicted() {
        return evicted;
    }

    private void remove(Key key) {
        latest.remove(key);
        Set<String> containers = containersOf.get(key.podUid());
        if (containers != null) {
            containers.remove(key.container());
            if (containers.isEmpty()) {
                containersOf.remove(key.podUid());
            }
        }
    }

    private void expire() {
        Instant now = clock.instant();
        // a full scan at most once per second of the clock, like the event window
        if (lastScan != null && !now.isBefore(lastScan) && now.isBefore(lastScan.plus(SCAN_EVERY))) {
            return;
        }
        lastScan = now;
        Instant cutoff = now.minus(lookBack);
        List<Key> expired = new ArrayList<>();
        latest.forEach((k, e) -> {
            if (e.recordTime().isBefore(cutoff)) {
                expired.add(k);
            }
        });
        if (!expired.isEmpty()) {
            expired.forEach(this::remove);
            version++;
        }
    }

    @Override
    public synchronized String toString() {
        return "ContainerLogStore[" + latest.size() + "/" + maxContainers + " containers, look-back " + lookBack + "]";
    }
}
