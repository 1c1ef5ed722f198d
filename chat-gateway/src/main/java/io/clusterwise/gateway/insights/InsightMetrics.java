package io.clusterwise.gateway.insights;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** Insight meters for /actuator/prometheus: open streams and insights kept. */
@Component
class InsightMetrics implements MeterBinder {

    private final InsightSubscribers subscribers;
    private final InsightFeed feed;

    InsightMetrics(InsightSubscribers subscribers, InsightFeed feed) {
        this.subscribers = subscribers;
        this.feed = feed;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("clusterwise.gateway.insight.streams.open", subscribers, InsightSubscribers::size)
                .description("open /api/insights/stream connections")
                .register(registry);
        FunctionCounter.builder("clusterwise.gateway.insight.streams.not.reading", subscribers,
                        InsightSubscribers::notReading)
                .description("insight streams ended because their client stopped reading")
                .register(registry);
        Gauge.builder("clusterwise.gateway.insights.kept", feed, f -> f.newestFirst().size())
                .description("insights kept for GET /api/insights")
                .register(registry);
    }
}
