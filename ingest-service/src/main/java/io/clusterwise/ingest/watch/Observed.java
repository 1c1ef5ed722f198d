package io.clusterwise.ingest.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What an informer callback hands to the publisher: the object as the informer delivered it (never mutated). Carrying
 * the snapshot, not just a key, means every Event count bump and every status change is seen in order, and a delete
 * keeps the final state of an object that is already gone from the cache.
 */
public sealed interface Observed {

    WatchedKind kind();

    HasMetadata object();

    /** An object was added or changed (not a resync). */
    record Upserted(WatchedKind kind, HasMetadata object) implements Observed {
    }

    /** An object was deleted; carries its final known state. */
    record Deleted(WatchedKind kind, HasMetadata object) implements Observed {
    }
}
