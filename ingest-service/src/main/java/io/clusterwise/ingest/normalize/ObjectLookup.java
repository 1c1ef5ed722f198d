package io.clusterwise.ingest.normalize;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.Optional;

/** Finds a watched object by kind and name: the informers' caches when live, the dump's objects when replayed. */
@FunctionalInterface
public interface ObjectLookup {

    /** @param namespace null or empty for cluster-scoped kinds */
    Optional<HasMetadata> find(String kind, String namespace, String name);

    ObjectLookup NONE = (kind, namespace, name) -> Optional.empty();
}
