package io.clusterwise.contracts;

import java.util.Arrays;
import java.util.Optional;

/** The one registry of wire type tags: the {@code type} field of every {@link Envelope}. */
public enum PayloadType {
    CLUSTER_EVENT("io.clusterwise.cluster.event", ClusterEvent.class),
    CHAT_QUESTION("io.clusterwise.chat.question", ChatQuestion.class),
    REPLY_CHUNK("io.clusterwise.chat.reply.chunk", ChatReply.Chunk.class),
    REPLY_COMPLETE("io.clusterwise.chat.reply.complete", ChatReply.Complete.class),
    INSIGHT("io.clusterwise.agent.insight", Insight.class),
    OBJECT_SNAPSHOT("io.clusterwise.cluster.snapshot", ObjectSnapshot.class),
    EPISODE("io.clusterwise.agent.episode", Episode.class),
    SUPPRESSION("io.clusterwise.agent.suppression", Suppression.class),
    CONTAINER_LOG("io.clusterwise.cluster.log", ContainerLog.class),
    DIAGNOSE_REQUEST("io.clusterwise.agent.diagnose.request", DiagnoseRequest.class),
    DIAGNOSE_REPLY("io.clusterwise.agent.diagnose.reply", DiagnoseReply.class),
    MODEL_STATUS("io.clusterwise.agent.model.status", ModelStatus.class);

    private final String tag;
    private final Class<? extends Payload> javaType;

    PayloadType(String tag, Class<? extends Payload> javaType) {
        this.tag = tag;
        this.javaType = javaType;
    }

    public String tag() {
        return tag;
    }

    public Class<? extends Payload> javaType() {
        return javaType;
    }

    public static Optional<PayloadType> fromTag(String tag) {
        return Optional.ofNullable(Lookup.BY_TAG.get(tag));
    }

    public static PayloadType of(Payload payload) {
        PayloadType type = Lookup.BY_CLASS.get(payload.getClass());
        if (type == null) {
            throw new IllegalArgumentException("unregistered payload " + payload.getClass().getName());
        }
        return type;
    }

    /** Looked up on every record sent and read: maps, not scans (a holder, so the constants exist first). */
    private static final class Lookup {
        static final java.util.Map<String, PayloadType> BY_TAG = Arrays.stream(values())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(PayloadType::tag, t -> t));
        static final java.util.Map<Class<?>, PayloadType> BY_CLASS = Arrays.stream(values())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(PayloadType::javaType, t -> t));
    }
}
