package io.clusterwise.gateway.suppressions;

import io.clusterwise.contracts.Suppression;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mutes currently on {@code agent.suppressions}, as read back from the topic (so every instance lists the same,
 * whichever instance wrote them). Expired ones are not listed. Bounded by the topic itself: compacted, one record
 * per live id.
 */
@Component
class SuppressionBook {

    private final Map<String, Suppression> byId = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    void put(Suppression suppression) {
        byId.put(suppression.id(), suppression);
    }

    void remove(String id) {
        byId.remove(id);
    }

    /** Active mutes, the newest first; expired ones are dropped on the way. */
    List<Suppression> active() {
        Instant now = clock.instant();
        byId.values().removeIf(s -> s.expired(now));
        return byId.values().stream()
                .sorted(Comparator.comparing(Suppression::createdAt).reversed().thenComparing(Suppression::id))
                .toList();
    }
}
