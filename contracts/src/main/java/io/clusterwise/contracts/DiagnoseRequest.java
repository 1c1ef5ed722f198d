package io.clusterwise.contracts;

import java.time.Instant;
import java.util.Objects;

/**
 * A request for the current incidents, on {@code agent.questions} beside the chat questions (so one worker of the
 * group answers it), keyed by the namespace. It carries the same reply headers as a question
 * ({@link ReplyHeaders}: correlation id = {@code requestId}); the worker answers with one {@link DiagnoseReply} on
 * the asking gateway's partition of {@code agent.replies}.
 *
 * @param namespace the namespace to diagnose, or null for the whole cluster
 */
public record DiagnoseRequest(String requestId, String namespace, Instant askedAt) implements Payload {

    public DiagnoseRequest {
        Objects.requireNonNull(requestId, "requestId");
        if (namespace != null && namespace.isBlank()) {
            namespace = null;
        }
    }
}
