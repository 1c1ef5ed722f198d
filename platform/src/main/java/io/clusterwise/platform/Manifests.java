package io.clusterwise.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A set of manifests to query: by kind, by kind and name.
 *
 * @param all the manifests, in load order
 */
public record Manifests(List<Manifest> all) {

    public Manifests {
        all = List.copyOf(all);
    }

    public static Manifests of(List<Manifest> manifests) {
        return new Manifests(manifests);
    }

    public Stream<Manifest> stream() {
        return all.stream();
    }

    public List<Manifest> ofKind(String... kinds) {
        Set<String> wanted = Set.copyOf(Arrays.asList(kinds));
        return all.stream().filter(m -> wanted.contains(m.kind())).toList();
    }

    public Optional<Manifest> find(String kind, String name) {
        return all.stream().filter(m -> m.is(kind, name)).findFirst();
    }

    /** The one {@code kind/name}; fails naming it if it is missing or duplicated. */
    public Manifest one(String kind, String name) {
        List<Manifest> found = all.stream().filter(m -> m.is(kind, name)).toList();
        if (found.size() != 1) {
            throw new ManifestException("expected exactly one " + kind + "/" + name + ", found " + found.size() + " "
                    + found);
        }
        return found.get(0);
    }

    /** Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicaSets and Pods. */
    public List<Manifest> workloads() {
        return all.stream().filter(m -> Manifest.WORKLOAD_KINDS.contains(m.kind())).toList();
    }
}
