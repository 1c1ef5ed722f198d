package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An object's owner chain, nearest first: its own ownerReferences (the controller first), then the controller's
 * controller and so on, as far as the lookup knows them (Pod → ReplicaSet → Deployment; Job → CronJob). An owner
 * found under the right name but with another UID (deleted and recreated) ends the chain.
 */
final class OwnerChain {

    private static final int MAX_DEPTH = 8;

    private OwnerChain() {
    }

    static List<ObjectRef> of(HasMetadata object, ObjectLookup lookup) {
        List<ObjectRef> chain = new ArrayList<>(Owners.of(object));
        HasMetadata current = object;
        for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
            OwnerReference controller = controllerOf(current);
            if (controller == null) {
                break;
            }
            String namespace = current.getMetadata().getNamespace();
            current = lookup.find(controller.getKind(), namespace, controller.getName())
                    .filter(owner -> controller.getUid() == null
                            || controller.getUid().equals(owner.getMetadata().getUid()))
                    .orElse(null);
            if (current != null) {
                Owners.of(current).stream().findFirst()
                        .filter(next -> chain.stream().noneMatch(known -> Objects.equals(known.uid(), next.uid())))
                        .ifPresent(chain::add);
            }
        }
        return List.copyOf(chain);
    }

    private static OwnerReference controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata() == null ? null : object.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return null;
        }
        return refs.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(refs.get(0));
    }
}
