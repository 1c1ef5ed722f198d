package io.clusterwise.gateway.chat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the waiting requests of one kind (chat streams, diagnose requests) ended: a count per outcome, and a timer per
 * outcome ({@code <timer>{outcome=...}}) of how long they waited.
 */
final class Outcomes<O extends Enum<O>> {

    private final Map<O, AtomicLong> counts;
    private final Map<O, Timer> durations;

    Outcomes(Class<O> type, MeterRegistry registry, String timer, String description) {
        this.counts = new EnumMap<>(type);
        this.durations = new EnumMap<>(type);
        for (O outcome : type.getEnumConstants()) {
            counts.put(outcome, new AtomicLong());
            durations.put(outcome, Timer.builder(timer)
                    .description(description)
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
    }

    void ended(O outcome, long waitedNanos) {
        counts.get(outcome).incrementAndGet();
        durations.get(outcome).record(waitedNanos, TimeUnit.NANOSECONDS);
    }

    long count(O outcome) {
        return counts.get(outcome).get();
    }
}
