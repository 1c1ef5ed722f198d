package io.clusterwise.devstack.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An informer handler that records "ADD ns/name", "UPDATE ns/name", "DELETE ns/name" for a test to poll. */
final class InformerNotifications<T extends HasMetadata> implements ResourceEventHandler<T> {

    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @Override
    public void onAdd(T obj) {
        seen.add("ADD " + key(obj));
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        seen.add("UPDATE " + key(newObj));
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        seen.add("DELETE " + key(obj));
    }

    /** Polls until {@code expected} arrives (other notifications are skipped) or 10 s pass. */
    boolean awaitNotification(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String next = seen.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (expected.equals(next)) {
                return true;
            }
        }
        return false;
    }

    private static String key(HasMetadata obj) {
        return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
    }
}
