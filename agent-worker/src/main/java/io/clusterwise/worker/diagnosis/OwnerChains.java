package io.clusterwise.worker.diagnosis;

import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.worker.analysis.ObjectState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completes owner chains from the object state held. A record's chain stops where ingest's caches did when it was
 * published (a pod's facts may go out before its ReplicaSet is cached: the chain ends at the ReplicaSet), but the
 * ReplicaSet's and Job's own snapshots name their Deployment and CronJob. So the walk goes on from the chain's top,
 * through the state's owners of each object (by UID, else by kind/namespace/name when either side has no UID), at most
 * {@link #MAX_DEPTH} steps and never to an object already in the chain.
 */
final class OwnerChains {

    static final int MAX_DEPTH = 8;
    /** Kinds whose controller may be a workload controller: only they are looked up. */
    private static final Set<String> MAY_BE_CONTROLLED = Set.of("Pod", "ReplicaSet", "Job");

    private final Collection<ObjectState> states;
    private Map<String, ObjectState> byUid;
    private Map<String, ObjectState> byPath;

    OwnerChains(Collection<ObjectState> states) {
        this.states = states;
    }

    /** The chain of {@code object}, nearest first: {@code owners} as the record gave them, then what state adds. */
    List<ObjectRef> complete(ObjectRef object, List<ObjectRef> owners) {
        List<ObjectRef> chain = null;
        Set<String> seen = new HashSet<>();
        seen.add(key(object));
        owners.forEach(o -> seen.add(key(o)));
        ObjectRef top = owners.isEmpty() ? object : owners.get(owners.size() - 1);
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            ObjectState known = find(top);
            if (known == null) {
                break;
            }
            ObjectRef added = null;
            for (ObjectRef next : known.owners()) { // the state's own chain of `top`, nearest first
                if (!seen.add(key(next))) {
                    break; // a cycle, or what the chain already holds
                }
                if (chain == null) {
                    chain = new ArrayList<>(owners);
                }
                chain.add(next);
                added = next;
            }
            if (added == null) {
                break;
            }
            top = added;
        }
        return chain == null ? owners : List.copyOf(chain);
    }

    /**
     * Whether {@code subject} is final: false while it is a Pod, ReplicaSet or Job that object state does not hold,
     * so a controller above it may still become known (its snapshot has not been read yet).
     */
    boolean settled(ObjectRef subject) {
        return !MAY_BE_CONTROLLED.contains(subject.kind()) || find(subject) != null;
    }

    private ObjectState find(ObjectRef ref) {
        if (ref == null || !MAY_BE_CONTROLLED.contains(ref.kind())) {
            return null;
        }
        index();
        if (hasUid(ref)) {
            ObjectState byId = byUid.get(ref.uid());
            if (byId != null) {
                return byId;
            }
        }
        ObjectState named = byPath.get(ref.path());
        // the same name with another UID is another object (deleted and recreated): it says nothing of this one
        return named != null && (!hasUid(ref) || !hasUid(named.object())) ? named : null;
    }

    private void index() {
        if (byUid != null) {
            return;
        }
        byUid = new HashMap<>();
        byPath = new HashMap<>();
        for (ObjectState s : states) {
            if (MAY_BE_CONTROLLED.contains(s.object().kind())) {
                if (hasUid(s.object())) {
                    byUid.put(s.object().uid(), s);
                }
                byPath.put(s.object().path(), s);
            }
        }
    }

    private static boolean hasUid(ObjectRef ref) {
        return ref.uid() != null && !ref.uid().isBlank();
    }

    private static String key(ObjectRef ref) {
        return hasUid(ref) ? ref.uid() : ref.path();
    }
}
