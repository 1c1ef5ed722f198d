package io.clusterwise.worker.state;

import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.worker.analysis.ObjectState;
import io.clusterwise.worker.analysis.StateFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * The cluster as {@code cluster.state} says it is now, one {@link ObjectState} per object UID, reduced from the
 * manifest on arrival so that only what the analyzers need is held. Bounded: beyond {@code maxObjects} the least
 * recently updated objects are dropped, with one warning naming the key to raise.
 */
public final class ClusterStateStore {

    private static final Logger log = LoggerFactory.getLogger(ClusterStateStore.class);

    private final int maxObjects;
    private final LinkedHashMap<String, ObjectState> objects = new LinkedHashMap<>();
    private boolean warned;
    private long version;

    public ClusterStateStore(int maxObjects) {
        this.maxObjects = maxObjects;
    }

    /** Records an object's new snapshot, or forgets it on a tombstone ({@code snapshot} null). */
    public synchronized void apply(String uid, ObjectSnapshot snapshot) {
        if (uid == null) {
            return;
        }
        version++;
        objects.remove(uid);
        if (snapshot == null) {
            return;
        }
        objects.put(uid, StateFacts.of(snapshot));
        if (objects.size() > maxObjects) {
            objects.remove(objects.keySet().iterator().next());
            if (!warned) {
                warned = true;
                log.warn("cluster.state holds more than {} objects; the least recently updated are dropped (raise "
                        + "clusterwise.worker.state.max-objects to keep them)", maxObjects);
            }
        }
    }

    public synchronized List<ObjectState> states() {
        return List.copyOf(objects.values());
    }

    /** Goes up with every change. */
    public synchronized long version() {
        return version;
    }

    public synchronized int size() {
        return objects.size();
    }
}
