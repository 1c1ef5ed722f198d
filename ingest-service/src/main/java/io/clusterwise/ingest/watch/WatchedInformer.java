package io.clusterwise.ingest.watch;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** One running informer and what it watches, e.g. {@code Pod in demo} or {@code Event in all namespaces}. */
record WatchedInformer(String description, SharedIndexInformer<?> informer) {

    boolean synced() {
        return informer.hasSynced();
    }

    boolean stopped() {
        return informer.stopped().toCompletableFuture().isDone();
    }
}
