package io.clusterwise.gateway.chat;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of places for requests waiting on a reply (chat streams, diagnose requests). A place is taken by
 * compare-and-set, so a burst cannot overshoot the limit.
 */
final class Slots {

    private final int max;
    private final AtomicInteger taken = new AtomicInteger();

    Slots(int max) {
        this.max = max;
    }

    /** @return false when all {@link #max()} places are taken */
    boolean tryTake() {
        int current;
        do {
            current = taken.get();
            if (current >= max) {
                return false;
            }
        } while (!taken.compareAndSet(current, current + 1));
        return true;
    }

    void release() {
        taken.decrementAndGet();
    }

    int max() {
        return max;
    }
}
