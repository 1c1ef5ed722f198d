package io.clusterwise.worker.episode;

import io.clusterwise.contracts.Suppression;

import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ConcurrentHashMap;

/** Every mute on {@code agent.suppressions} (read whole, a tombstone un-mutes). */
final class Suppressions {

    private final Map<String, Suppression> byId = new ConcurrentHashMap<>();
    private volatile BooleanSupplier loaded = () -> true;

    /** Until this says the topic has been read, no transition is decided: a mute might not be known yet. */
    void loadedWhen(BooleanSupplier condition) {
        this.loaded = condition;
    }

    boolean loaded() {
        return loaded.getAsBoolean();
    }

    void apply(String id, Suppression suppression) {
        if (id == null) {
            return;
        }
        if (suppression == null) {
            byId.remove(id);
        } else {
            byId.put(id, suppression);
        }
    }

    /** Whether an unexpired suppression silences this fingerprint now; expired ones are forgotten. */
    boolean muted(String fingerprint, Instant now) {
        byId.values().removeIf(s -> s.expired(now));
        return byId.values().stream().anyMatch(s -> s.matches(fingerprint, now));
    }
}
