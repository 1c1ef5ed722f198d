package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** An object's ownerReferences as {@link ObjectRef}s, the controller first. */
final class Owners {

    /** Owner kinds that are cluster-scoped, so their refs carry no namespace (a static pod is owned by its Node). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Node", "Namespace", "PersistentVolume");

    private Owners() {
    }

    static List<ObjectRef> of(HasMetadata object) {
        if (object == null || object.getMetadata() == null || object.getMetadata().getOwnerReferences() == null) {
            return List.of();
        }
        String namespace = object.getMetadata().getNamespace();
        return object.getMetadata().getOwnerReferences().stream()
                .sorted(Comparator.comparing((OwnerReference o) -> !Boolean.TRUE.equals(o.getController())))
                .map(o -> new ObjectRef(o.getKind(), CLUSTER_SCOPED.contains(o.getKind()) ? null : namespace,
                        o.getName(), o.getUid()))
                .toList();
    }
}
