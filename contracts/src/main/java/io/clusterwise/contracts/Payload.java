package io.clusterwise.contracts;

/**
 * The closed family of everything that travels on a clusterwise topic, inside an {@link Envelope}.
 * Each permitted record is registered once, with its wire type tag, in {@link PayloadType}.
 */
public sealed interface Payload permits ClusterEvent, ChatQuestion, ChatReply, Insight, ObjectSnapshot, Episode,
        Suppression, ContainerLog, DiagnoseRequest, DiagnoseReply, ModelStatus {
}
