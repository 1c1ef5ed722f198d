package io.clusterwise.gateway.insights;

import io.clusterwise.contracts.Insight;
import io.clusterwise.gateway.GatewayProperties;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The newest {@code clusterwise.gateway.insights.buffer-size} insights, newest first by {@code detectedAt}. Insights
 * from several partitions arrive out of time order (especially while catching up at start), so the buffer sorts
 * instead of appending; the oldest falls out when it is full. Records read twice (same envelope id) count once.
 */
@Component
class InsightFeed {

    private record Entry(String envelopeId, Instant time, Insight insight) {
    }

    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparing(Entry::time).reversed().thenComparing(Entry::envelopeId);

    private final int capacity;
    private final TreeSet<Entry> entries = new TreeSet<>(NEWEST_FIRST);
    private final Set<String> envelopeIds = new HashSet<>();

    InsightFeed(GatewayProperties properties) {
        this.capacity = properties.gateway().insights().bufferSize();
    }

    /**
     * @param envelopeTime used when the insight carries no {@code detectedAt}
     * @return true when the insight is new and among the newest kept, i.e. worth telling stream subscribers
     */
    synchronized boolean add(String envelopeId, Instant envelopeTime, Insight insight) {
        if (!envelopeIds.add(envelopeId)) {
            return false;
        }
        Entry entry = new Entry(envelopeId, insight.detectedAt() != null ? insight.detectedAt() : envelopeTime,
                insight);
        entries.add(entry);
        if (entries.size() > capacity) {
            Entry oldest = entries.pollLast();
            envelopeIds.remove(oldest.envelopeId());
            return oldest != entry;
        }
        return true;
    }

    synchronized List<Insight> newestFirst() {
        return entries.stream().map(Entry::insight).toList();
    }
}
