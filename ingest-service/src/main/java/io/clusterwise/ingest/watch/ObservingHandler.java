package io.clusterwise.ingest.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A thin informer callback: it only turns a notification into an {@link Observed} and offers it to the queue.
 * Resyncs (an update whose old and new object have the same resourceVersion) and objects in namespaces that are not
 * watched (the deny list) are ignored.
 */
final class ObservingHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final ObservedQueue queue;
    private final WatchedKind kind;
    private final Predicate<String> watchesNamespace;

    ObservingHandler(ObservedQueue queue, WatchedKind kind, Predicate<String> watchesNamespace) {
        this.queue = queue;
        this.kind = kind;
        this.watchesNamespace = watchesNamespace;
    }

    @Override
    public void onAdd(T obj) {
        if (watched(obj)) {
            queue.offer(new Observed.Upserted(kind, obj));
        }
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        if (!isResync(oldObj, newObj) && watched(newObj)) {
            queue.offer(new Observed.Upserted(kind, newObj));
        }
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        if (watched(obj)) {
            queue.offer(new Observed.Deleted(kind, obj));
        }
    }

    private boolean watched(T obj) {
        if (obj.getMetadata() == null) {
            return false;
        }
        // a Namespace object is filtered by its own name, everything else by the namespace it lives in
        String namespace = kind == WatchedKind.NAMESPACES ? obj.getMetadata().getName() : obj.getMetadata().getNamespace();
        return watchesNamespace.test(namespace);
    }

    static boolean isResync(HasMetadata oldObj, HasMetadata newObj) {
        return oldObj == newObj || Objects.equals(resourceVersion(oldObj), resourceVersion(newObj))
                && resourceVersion(newObj) != null;
    }

    private static String resourceVersion(HasMetadata obj) {
        return obj.getMetadata() == null ? null : obj.getMetadata().getResourceVersion();
    }
}
