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
    SUPPRESSION("io.clusterwise.agent.suppression", Suppression.class);

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
        return Arrays.stream(values()).filter(t -> t.tag.equals(tag)).findFirst();
    }

    public static PayloadType of(Payload payload) {
        return Arrays.stream(values())
                .filter(t -> t.javaType == payload.getClass())
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unregistered payload " + payload.getClass().getName()));
    }
}
