package io.clusterwise.worker.window;

import io.clusterwise.contracts.ClusterEvent;

import java.time.Instant;

/**
 * A cluster event as the window holds it.
 *
 * @param recordTime the Kafka record timestamp: when ingest published (or last re-published) this fact; ages are
 *                   measured by it, not by the event's own lastSeen
 */
public record WindowedEvent(ClusterEvent event, Instant recordTime) {
}
