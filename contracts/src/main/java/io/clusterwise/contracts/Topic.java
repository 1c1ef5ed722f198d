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
    /**
     * Chat questions and diagnose requests; key = conversationId (a request: its namespace). Written by the gateway,
     * read by one worker group, each answered on the asking gateway's partition of {@link #AGENT_REPLIES}.
     */
    AGENT_QUESTIONS("agent.questions", 6, Cleanup.DELETE, Duration.ofHours(1),
            EnumSet.of(PayloadType.CHAT_QUESTION, PayloadType.DIAGNOSE_REQUEST)),
    /**
     * Streamed reply chunks and one final reply per question, and one {@link DiagnoseReply} per diagnose request;
     * key = conversationId (or namespace). Sent to the partition named by the request's reply-partition header, so
     * each gateway instance reads only its own partitions.
     */
    AGENT_REPLIES("agent.replies", 6, Cleanup.DELETE, Duration.ofHours(1),
            EnumSet.of(PayloadType.REPLY_CHUNK, PayloadType.REPLY_COMPLETE, PayloadType.DIAGNOSE_REPLY)),
    /** Proactive anomaly summaries that a Slack bridge can post as they are; key = fingerprint. */
    AGENT_INSIGHTS("agent.insights", 3, Cleanup.DELETE, Duration.ofDays(7), EnumSet.of(PayloadType.INSIGHT)),
    /**
     * The current redacted snapshot of every watched object ({@link ObjectSnapshot}); key = the object's UID, a
     * tombstone (null value) when it is deleted. Compacted: reading it from the start gives the cluster as it is now.
     * Written by ingest.
     */
    CLUSTER_STATE("cluster.state", 6, Cleanup.COMPACT, Duration.ofDays(1), EnumSet.of(PayloadType.OBJECT_SNAPSHOT)),
    /**
     * Carries no records: ingest replicas join one consumer group on this single-partition topic, and only the
     * replica assigned its partition publishes (one active ingest per cluster without any write access to it).
     */
    INGEST_LEADER("ingest.leader", 1, Cleanup.DELETE, Duration.ofHours(1), EnumSet.noneOf(PayloadType.class)),
    /**
     * Each incident episode's latest state ({@link Episode}); key = fingerprint. Compacted; written by the worker in
     * the same transaction as the insight that announces a transition, so each transition is told once.
     */
    AGENT_EPISODES("agent.episodes", 3, Cleanup.COMPACT, Duration.ofDays(1), EnumSet.of(PayloadType.EPISODE)),
    /**
     * Mutes ({@link Suppression}); key = suppression id, a tombstone to un-mute. Compacted; written by the gateway,
     * read whole by every worker.
     */
    AGENT_SUPPRESSIONS("agent.suppressions", 1, Cleanup.COMPACT, Duration.ofDays(1),
            EnumSet.of(PayloadType.SUPPRESSION)),
    /**
     * The last log lines of containers that ended in error ({@link ContainerLog}); key = the pod's UID. Written by
     * ingest once per restart, read by the worker as evidence. Kept briefly: only the recent ones matter.
     */
    CLUSTER_LOGS("cluster.logs", 3, Cleanup.DELETE, Duration.ofHours(6), EnumSet.of(PayloadType.CONTAINER_LOG)),
    /**
     * Each worker's view of its model ({@link ModelStatus}); key = the worker's instance id, a tombstone when it
     * stops. Compacted; refreshed periodically by every worker, read whole by the gateway ({@code GET /api/models}).
     */
    AGENT_MODELS("agent.models", 1, Cleanup.COMPACT, Duration.ofHours(1), EnumSet.of(PayloadType.MODEL_STATUS));

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

    /**
     * How long records are kept: for {@link Cleanup#DELETE} topics every record, for {@link Cleanup#COMPACT} topics
     * the tombstones ({@code delete.retention.ms}; the latest value per key is kept for ever).
     */
    public Duration retention() {
        return retention;
    }

    public boolean compacted() {
        return cleanup == Cleanup.COMPACT;
    }

    /** Whether records are read from it (and a poison one goes to {@link #deadLetterTopicName()}). */
    public boolean hasDeadLetter() {
        return !carries.isEmpty();
    }

    public Set<PayloadType> carried() {
        return Set.copyOf(carries);
    }

    public boolean carries(PayloadType type) {
        return carries.contains(type);
    }

    /** Topic-level configs, in Kafka's own keys. */
    public Map<String, String> configs() {
        if (compacted()) {
            return Map.of("cleanup.policy", "compact", "delete.retention.ms", Long.toString(retention.toMillis()));
        }
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
    }

    /** Looked up on every record sent and read: a map, not a scan. */
    public static Optional<Topic> fromName(String name) {
        return Optional.ofNullable(ByName.TOPICS.get(name));
    }

    /** Holder: an enum's constants are not yet usable from its own static initializers. */
    private static final class ByName {
        static final Map<String, Topic> TOPICS = Arrays.stream(values())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Topic::topicName, t -> t));
    }
}
