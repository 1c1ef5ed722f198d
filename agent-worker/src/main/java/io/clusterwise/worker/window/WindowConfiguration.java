package io.clusterwise.worker.window;

import io.clusterwise.contracts.kafka.DeadLetters;
import org.springframework.beans.factory.ObjectProvider;
import io.clusterwise.worker.WorkerProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class WindowConfiguration {

    @Bean
    EventWindow eventWindow(WorkerProperties properties, Clock clock) {
        WorkerProperties.Window w = properties.worker().window();
        return new EventWindow(w.maxEvents(), w.maxAge(), clock);
    }

    @Bean
    WindowFeed windowFeed(KafkaProperties kafka, EventWindow window, Clock clock,
                          ObjectProvider<DeadLetters> deadLetters) {
        WindowFeed feed = new WindowFeed(kafka::buildConsumerProperties, window, clock);
        deadLetters.ifAvailable(feed::deadLetterTo);
        return feed;
    }

    /** DOWN when the feed thread died: the window would silently go stale. */
    @Bean
    HealthIndicator windowHealthIndicator(WindowFeed feed, EventWindow window) {
        return () -> (feed.isRunning() ? Health.up() : Health.down())
                .withDetail("caughtUp", feed.caughtUp())
                .withDetail("events", window.size())
                .build();
    }
}
