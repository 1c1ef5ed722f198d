package io.clusterwise.ingest.replay;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The replay ingest mode ({@code clusterwise.ingest.source=replay}): at start, reads
 * {@code clusterwise.ingest.replay-file} completely, then publishes it in one transaction, and stays up (health
 * component {@code ingest}: UP once published, DOWN with the reason if the file is bad or Kafka refused it).
 * No Kubernetes client is created in this mode.
 */
@Component("ingest")
@ConditionalOnProperty(name = IngestProperties.SOURCE, havingValue = "replay")
final class ReplaySource implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ReplaySource.class);

    private final Path file;
    private final String clusterName;
    private final IngestMetrics metrics;
    private final ReplayPublisher publisher;
    private volatile boolean running;
    private volatile Health health = Health.down().withDetail("replay", "not started").build();

    ReplaySource(IngestProperties properties, KafkaProperties kafka, IngestMetrics metrics) {
        this.file = Path.of(properties.ingest().replayFile());
        this.clusterName = properties.clusterName();
        this.metrics = metrics;
        this.publisher = new ReplayPublisher(kafka.buildProducerProperties(), clusterName, Duration.ofSeconds(30));
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::replay, "clusterwise-ingest-replay");
        thread.setDaemon(true);
        thread.start();
    }

    private void replay() {
        try {
            DumpFacts.Facts facts = DumpFacts.read(file, clusterName, metrics);
            int published = publisher.publish(facts, 1000, (done, total) ->
                    log.info("replay of {}: {}/{} records published", file, done, total));
            health = Health.up().withDetail("replay", file.toString()).withDetail("published", published).build();
        } catch (DumpFormatException | ReplayPublisher.ReplayPublishException e) {
            log.error("replay of {} failed: {}", file, e.getMessage());
            health = Health.down().withDetail("replay", file.toString()).withDetail("error", e.getMessage()).build();
        }
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
