package io.clusterwise.worker.window;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ObjectRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares the parts that repeat across a window's events instead of holding one decoded copy per record: the involved
 * object, the owner chain (a Deployment's thousands of events name the same ReplicaSet and Deployment), and repeated
 * texts (reasons, components, namespaces, messages such as "Started container app"). Bounded: past {@code limit}
 * entries it starts afresh (events already held keep what they share). Not thread-safe: the window holds its lock.
 */
final class Canonical {

    private final int limit;
    private final Map<ObjectRef, ObjectRef> refs = new HashMap<>();
    private final Map<List<ObjectRef>, List<ObjectRef>> chains = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();

    Canonical(int limit) {
        this.limit = limit;
    }

    ClusterEvent of(ClusterEvent e) {
        if (refs.size() > limit || chains.size() > limit || texts.size() > limit) {
            refs.clear();
            chains.clear();
            texts.clear();
        }
        return new ClusterEvent(e.eventUid(), e.origin(), ref(e.involvedObject()), chain(e.owners()),
                text(e.reason()), text(e.message()), e.type(), e.count(), e.firstSeen(), e.lastSeen(),
                text(e.reportingComponent()), e.resourceVersion(), e.container());
    }

    private ObjectRef ref(ObjectRef o) {
        if (o == null) {
            return null;
        }
        ObjectRef known = refs.get(o);
        if (known != null) {
            return known;
        }
        ObjectRef shared = new ObjectRef(text(o.kind()), text(o.namespace()), o.name(), o.uid());
        refs.put(shared, shared);
        return shared;
    }

    private List<ObjectRef> chain(List<ObjectRef> owners) {
        if (owners.isEmpty()) {
            return List.of();
        }
        List<ObjectRef> known = chains.get(owners);
        if (known != null) {
            return known;
        }
        List<ObjectRef> shared = new ArrayList<>(owners.size());
        owners.forEach(o -> shared.add(ref(o)));
        List<ObjectRef> immutable = List.copyOf(shared);
        chains.put(immutable, immutable);
        return immutable;
    }

    private String text(String s) {
        if (s == null) {
            return null;
        }
        String known = texts.putIfAbsent(s, s);
        return known != null ? known : s;
    }
}
