package io.clusterwise.gateway.models;

import io.clusterwise.contracts.ModelStatus;
import io.clusterwise.gateway.GatewayProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest {@link ModelStatus} of every worker, as read back from the compacted {@code agent.models} (a tombstone
 * forgets the worker). Bounded by the topic itself: one record per live key. A report older than
 * {@code clusterwise.gateway.model-status-max-age} is kept but not counted as fresh: its worker may be gone without
 * a tombstone (a crash), or unable to reach Kafka.
 */
@Component
class ModelStatusBook {

    /** @param reportedAt when the worker checked ({@code checkedAt}), else when it published the record */
    record Report(ModelStatus status, Instant reportedAt) {
    }

    /**
     * What the book holds at one moment.
     *
     * @param fresh        reports within the maximum age, the freshest first
     * @param latestStale  the newest report older than that, or null
     */
    record Snapshot(List<Report> fresh, Instant latestStale) {
    }

    private final Map<String, Report> byWorker = new ConcurrentHashMap<>();
    private final Duration maxAge;
    private final Clock clock;

    @Autowired
    ModelStatusBook(GatewayProperties properties) {
        this(properties.gateway().modelStatusMaxAge(), Clock.systemUTC());
    }

    ModelStatusBook(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    Duration maxAge() {
        return maxAge;
    }

    /** @param recordTime the envelope's time, used when the status has no {@code checkedAt} */
    void put(String workerId, ModelStatus status, Instant recordTime) {
        byWorker.put(workerId, new Report(status, Objects.requireNonNullElse(status.checkedAt(), recordTime)));
    }

    void remove(String workerId) {
        byWorker.remove(workerId);
    }

    Snapshot snapshot() {
        Instant oldestFresh = clock.instant().minus(maxAge);
        List<Report> all = byWorker.values().stream()
                .sorted(Comparator.comparing(Report::reportedAt).reversed()
                        .thenComparing(r -> r.status().workerId()))
                .toList();
        List<Report> fresh = all.stream().filter(r -> !r.reportedAt().isBefore(oldestFresh)).toList();
        Instant latestStale = all.stream().map(Report::reportedAt).filter(t -> t.isBefore(oldestFresh))
                .findFirst().orElse(null);
        return new Snapshot(fresh, latestStale);
    }
}
