package io.clusterwise.ingest;

import io.clusterwise.ingest.leader.LeaderElection;
import io.clusterwise.ingest.watch.ClusterWatch;
import io.clusterwise.ingest.watch.ObservedQueue;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Component {@code ingest} of {@code /actuator/health}. A standby replica (another one is the active ingest) is UP.
 * The active one is UP only when every informer has synced, none has stopped, and the queue has never overflowed.
 */
@Component("ingest")
@ConditionalOnProperty(name = IngestProperties.SOURCE, havingValue = "cluster", matchIfMissing = true)
class IngestHealthIndicator implements HealthIndicator {

    private final ClusterWatch watch;
    private final LeaderElection leader;
    private final ObservedQueue queue;

    IngestHealthIndicator(ClusterWatch watch, LeaderElection leader, ObservedQueue queue) {
        this.watch = watch;
        this.leader = leader;
        this.queue = queue;
    }

    @Override
    public Health health() {
        boolean active = leader.isLeader();
        Health.Builder health = !active || watch.health().up() && !queue.overflowed() ? Health.up() : Health.down();
        health.withDetail("role", active ? "active" : "standby")
                .withDetail("informers", watch.health().informers())
                .withDetail("eventsApi", watch.eventsApi())
                .withDetail("queue", Map.of("size", queue.size(), "capacity", queue.capacity(),
                        "dropped", queue.dropped()));
        if (queue.overflowed()) {
            health.withDetail("error", "queue overflowed: raise " + IngestProperties.QUEUE_CAPACITY_ENV);
        }
        return health.build();
    }
}
