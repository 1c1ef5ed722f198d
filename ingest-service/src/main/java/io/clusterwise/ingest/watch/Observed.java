package io.clusterwise.ingest.watch;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * What an informer callback hands to the publisher: the object as the informer delivered it (never mutated). Carrying
 * the snapshot, not just a key, means every Event count bump and every container status change is seen in order.
 */
public sealed interface Observed {

    HasMetadata object();

    /** A core/v1 Event was added or changed (not a resync). */
    record EventObserved(Event object) implements Observed {
    }

    /** A Pod was added or changed (not a resync). */
    record PodObserved(Pod object) implements Observed {
    }

    /** A Pod was deleted; carries its final known state. */
    record PodDeleted(Pod object) implements Observed {
    }
}
