package io.clusterwise.gateway.insights;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Payload;
import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.kafka.FixedPartitionsListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;

/**
 * Every gateway instance reads every partition of {@code agent.insights} (fixed assignment, no group: each instance
 * needs all of them) from {@code clusterwise.gateway.insights.lookback} ago at each start, into its
 * {@link InsightFeed}; new ones also go to the stream subscribers.
 */
@Component
class InsightListener extends FixedPartitionsListener {

    private static final Logger log = LoggerFactory.getLogger(InsightListener.class);

    private final InsightFeed feed;
    private final InsightSubscribers subscribers;
    private final Duration lookback;

    InsightListener(InsightFeed feed, InsightSubscribers subscribers, GatewayProperties properties) {
        this.feed = feed;
        this.subscribers = subscribers;
        this.lookback = properties.gateway().insights().lookback();
    }

    @Override
    public void onMessage(ConsumerRecord<String, Envelope<Payload>> record) {
        Envelope<Payload> envelope = record.value();
        if (envelope != null && envelope.data() instanceof Insight insight) {
            requireComplete(insight);
            if (feed.add(envelope.id(), envelope.time(), insight)) {
                subscribers.broadcast(insight);
            }
        }
    }

    /**
     * An insight without its fingerprint, transition or title cannot be shown or muted: it is malformed (thrown, so
     * it goes to {@code agent.insights-dlt}) and never reaches the feed.
     */
    static void requireComplete(Insight insight) {
        if (insight.fingerprint() == null || insight.fingerprint().isBlank() || insight.transition() == null
                || insight.title() == null) {
            throw new IllegalArgumentException("an insight needs a fingerprint, a transition and a title");
        }
    }

    @Override
    protected void positioned(Map<TopicPartition, Long> positions, ConsumerSeekCallback callback) {
        callback.seekToTimestamp(positions.keySet(), System.currentTimeMillis() - lookback.toMillis());
        log.info("reading insights from {} partitions of agent.insights, from {} ago", positions.size(), lookback);
    }

    @Override
    protected String describe() {
        return "insights on agent.insights";
    }
}
