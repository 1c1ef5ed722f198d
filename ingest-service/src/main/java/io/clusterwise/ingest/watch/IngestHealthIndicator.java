package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * UP only when every informer has synced, none has stopped, and the queue has never overflowed. Shown at
 * {@code /actuator/health} as component {@code ingest}.
 */
@Component("ingest")
class IngestHealthIndicator implements HealthIndicator {

    private final Supplier<List<WatchedInformer>> informers;
    private final ObservedQueue queue;

    @Autowired
    IngestHealthIndicator(ClusterWatch watch, ObservedQueue queue) {
        this(watch::informers, queue);
    }

    IngestHealthIndicator(Supplier<List<WatchedInformer>> informers, ObservedQueue queue) {
        this.informers = informers;
        this.queue = queue;
    }

    @Override
    public Health health() {
        boolean up = true;
        Map<String, Object> watched = new LinkedHashMap<>();
        for (WatchedInformer informer : informers.get()) {
            boolean synced = informer.synced();
            boolean stopped = informer.stopped();
            up &= synced && !stopped;
            watched.put(informer.description(), stopped ? "stopped" : synced ? "synced" : "not synced");
        }
        Health.Builder health = up && !queue.overflowed() ? Health.up() : Health.down();
        health.withDetail("informers", watched)
                .withDetail("queue", Map.of("size", queue.size(), "capacity", queue.capacity(),
                        "dropped", queue.dropped()));
        if (queue.overflowed()) {
            health.withDetail("error", "queue overflowed: raise " + IngestProperties.QUEUE_CAPACITY_ENV);
        }
        return health.build();
    }
}
