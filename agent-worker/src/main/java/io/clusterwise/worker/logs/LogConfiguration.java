package io.clusterwise.worker.logs;

import io.clusterwise.contracts.kafka.DeadLetters;
import io.clusterwise.worker.WorkerProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class LogConfiguration {

    static final String ENABLED = "clusterwise.worker.logs.enabled";

    /** Always there (empty when {@value #ENABLED} is false), so the view and the state feed need not ask. */
    @Bean
    ContainerLogStore containerLogStore(WorkerProperties properties, Clock clock) {
        WorkerProperties.Logs logs = properties.worker().logs();
        return new ContainerLogStore(logs.maxContainers(), logs.maxLines(), logs.lookBack(), clock);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = ENABLED, matchIfMissing = true)
    LogFeed logFeed(KafkaProperties kafka, ContainerLogStore store, WorkerProperties properties, Clock clock,
                    ObjectProvider<DeadLetters> deadLetters) {
        LogFeed feed = new LogFeed(kafka::buildConsumerProperties, store, clock,
                properties.worker().logs().lookBack());
        deadLetters.ifAvailable(feed::deadLetterTo);
        return feed;
    }

    @Bean
    MeterBinder containerLogMeters(ContainerLogStore store) {
        return registry -> {
            Gauge.builder("clusterwise.worker.logs.containers", store, ContainerLogStore::size)
                    .description("Containers whose latest log excerpt is held").register(registry);
            FunctionCounter.builder("clusterwise.worker.logs.evicted", store, ContainerLogStore::evicted)
                    .description("Log excerpts dropped because more containers than "
                            + "clusterwise.worker.logs.max-containers had one").register(registry);
        };
    }

    /** DOWN when the feed thread died (answers would quietly stop citing new log lines); UP when disabled. */
    @Bean
    HealthIndicator containerLogsHealthIndicator(ObjectProvider<LogFeed> feed, ContainerLogStore store) {
        return () -> {
            LogFeed f = feed.getIfAvailable();
            if (f == null) {
                return Health.up().withDetail("enabled", false).build();
            }
            return (f.isRunning() ? Health.up() : Health.down())
                    .withDetail("caughtUp", f.caughtUp())
                    .withDetail("containers", store.size())
                    .build();
        };
    }
}
