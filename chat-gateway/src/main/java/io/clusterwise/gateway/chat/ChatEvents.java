package io.clusterwise.gateway.chat;

import io.clusterwise.gateway.web.GatewayJson;

/**
 * The SSE events of {@code POST /api/chat}, in the order a client sees them. Other clients rely on these names and
 * payloads (see DESIGN.md); change them only together with every client.
 */
final class ChatEvents {

    /** First event: {@code {"questionId":..,"conversationId":..,"historyTurns":n}}. */
    static final String META = "meta";
    /** One per {@code ChatReply.Chunk}: {@code {"seq":n,"text":".."}}. */
    static final String CHUNK = "chunk";
    /**
     * The answer starts again: the worker answering stopped mid-answer and another worker answers the question anew
     * ({@code {"message":".."}}). The chunks so far are void; the next {@code chunk} events (seq from 0) are the new
     * answer. Once per takeover (so normally never).
     */
    static final String RESTART = "restart";
    /** The {@code ChatReply.Complete} as on the wire; the stream ends after it. */
    static final String COMPLETE = "complete";
    /** No {@code Complete} within the answer timeout: {@code {"message":".."}}; the stream ends. */
    static final String TIMEOUT = "timeout";
    /** The question could not be handed to Kafka: {@code {"message":".."}}; the stream ends. */
    static final String ERROR = "error";

    /** @param historyTurns how many earlier turns of the conversation went with the question */
    record Meta(String questionId, String conversationId, int historyTurns) {
    }

    record ChunkText(int seq, String text) {
    }

    record Message(String message) {
    }

    private ChatEvents() {
    }

    static String json(Object payload) {
        return GatewayJson.write(payload);
    }
}
