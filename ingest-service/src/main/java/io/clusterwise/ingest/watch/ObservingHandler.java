package io.clusterwise.ingest.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.Objects;
import java.util.function.Function;

/**
 * A thin informer callback: it only turns a notification into an {@link Observed} and offers it to the queue.
 * Resyncs (an update whose old and new object have the same resourceVersion) are ignored.
 */
final class ObservingHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final ObservedQueue queue;
    private final Function<T, Observed> upserted;
    private final Function<T, Observed> deleted;

    /** @param deleted what a delete becomes, or null to ignore deletes */
    ObservingHandler(ObservedQueue queue, Function<T, Observed> upserted, Function<T, Observed> deleted) {
        this.queue = queue;
        this.upserted = upserted;
        this.deleted = deleted;
    }

    @Override
    public void onAdd(T obj) {
        queue.offer(upserted.apply(obj));
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        if (!isResync(oldObj, newObj)) {
            queue.offer(upserted.apply(newObj));
        }
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        if (deleted != null) {
            queue.offer(deleted.apply(obj));
        }
    }

    static boolean isResync(HasMetadata oldObj, HasMetadata newObj) {
        return oldObj == newObj || Objects.equals(resourceVersion(oldObj), resourceVersion(newObj))
                && resourceVersion(newObj) != null;
    }

    private static String resourceVersion(HasMetadata obj) {
        return obj.getMetadata() == null ? null : obj.getMetadata().getResourceVersion();
    }
}
