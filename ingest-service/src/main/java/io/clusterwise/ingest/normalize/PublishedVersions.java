package io.clusterwise.ingest.normalize;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The last published resourceVersion per key (an object's UID, an Event's UID), so a relist, a resync or a restart
 * does not publish an unchanged object again. Bounded: the least recently touched key is forgotten first (the worst
 * case is one harmless republish). Thread-safe: rebuilt by the leader thread, used by the publisher thread.
 */
final class PublishedVersions {

    private static final int PRESIZED_KEYS = 1 << 18;
    private final Map<String, String> versions;

    PublishedVersions(int capacity) {
        // sized for the bound (up to 262,144 keys: a 2 MiB table) up front: growing a map to 100,000s of keys
        // rehashes it again and again (JFR: an eighth of the publisher thread while the first 100,000 keys arrive)
        this.versions = new LinkedHashMap<>((int) (Math.min(capacity, PRESIZED_KEYS) / 0.75f) + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True (and remembered) when {@code version} differs from what was last published for {@code key}. */
    synchronized boolean isNew(String key, String version) {
        if (version != null && Objects.equals(versions.get(key), version)) {
            return false;
        }
        remember(key, version);
        return true;
    }

    synchronized void remember(String key, String version) {
        if (version == null) {
            versions.remove(key);
        } else {
            versions.put(key, version);
        }
    }

    synchronized boolean knows(String key) {
        return versions.containsKey(key);
    }

    synchronized void forget(String key) {
        versions.remove(key);
    }

    synchronized Set<String> keys() {
        return Set.copyOf(versions.keySet());
    }

    synchronized int size() {
        return versions.size();
    }
}
