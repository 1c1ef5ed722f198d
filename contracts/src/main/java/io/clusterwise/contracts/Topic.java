package io.clusterwise.contracts;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that names every clusterwise topic, what it carries, and how it is laid out.
 * Services, the local stack, the tests and (later) the platform manifests all read these.
 */
public enum Topic {
    /** Normalized, redacted cluster events and pod status changes; key = involved object's UID. Written by ingest. */
    CLUSTER_EVENTS("cluster.events", 6, Cleanup.DELETE, Duration.ofHours(24), EnumSet.of(PayloadType.CLUSTER_EVENT)),
    /** Chat questions; key = conversationId. Written by the gateway, read by one worker group. */
    AGENT_QUESTIONS("agent.questions", 6, Cleanup.DELETE, Duration.ofHours(1), EnumSet.of(PayloadType.CHAT_QUESTION)),
    /**
     * Streamed reply chunks and one final reply per question; key = conversationId. Sent to the partition named by the
     * question's reply-partition header, so each gateway instance reads only its own partitions.
     */
    AGENT_REPLIES("agent.replies", 6, Cleanup.DELETE, Duration.ofHours(1),
            EnumSet.of(PayloadType.REPLY_CHUNK, PayloadType.REPLY_COMPLETE)),
    /** Proactive anomaly summaries that a Slack bridge can post as they are; key = fingerprint. */
    AGENT_INSIGHTS("agent.insights", 3, Cleanup.DELETE, Duration.ofDays(7), EnumSet.of(PayloadType.INSIGHT));

    /** spring-kafka's {@code DeadLetterPublishingRecoverer} default suffix. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    public enum Cleanup { DELETE, COMPACT }

    private final String topicName;
    private final int partitions;
    private final Cleanup cleanup;
    private final Duration retention;
    private final Set<PayloadType> carries;

    Topic(String topicName, int partitions, Cleanup cleanup, Duration retention, Set<PayloadType> carries) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.cleanup = cleanup;
        this.retention = retention;
        this.carries = carries;
    }

    public String topicName() {
        return topicName;
    }

    public String deadLetterTopicName() {
        return topicName + DEAD_LETTER_SUFFIX;
    }

    public int partitions() {
        return partitions;
    }

    public Cleanup cleanup() {
        return cleanup;
    }

    public Duration retention() {
        return retention;
    }

    public boolean carries(PayloadType type) {
        return carries.contains(type);
    }

    /** Topic-level configs, in Kafka's own keys. */
    public Map<String, String> configs() {
        return Map.of(
                "cleanup.policy", cleanup == Cleanup.COMPACT ? "compact" : "delete",
                "retention.ms", Long.toString(retention.toMillis()));
    }

    public static Optional<Topic> fromName(String name) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(name)).findFirst();
    }
}
