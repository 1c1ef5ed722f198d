package io.clusterwise.ingest.watch;

import io.fabric8.kubernetes.api.model.Pod;

import java.util.Optional;

/** Read access to the pod informers' stores, e.g. to find an Event's involved Pod and its owners. */
public interface PodCache {

    Optional<Pod> find(String namespace, String name);
}
