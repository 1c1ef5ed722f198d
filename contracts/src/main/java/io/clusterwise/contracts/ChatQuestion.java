package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A question from a person, on {@code agent.questions}, keyed by conversationId.
 * The gateway also sets spring-kafka's correlation id (= questionId), reply topic and reply partition headers.
 *
 * @param history the conversation's earlier turns, oldest first, as the gateway kept them (bounded by it); the
 *                worker fits what it can of them into the model's budget. Empty for a new conversation.
 */
public record ChatQuestion(String questionId, String conversationId, String question, Instant askedAt,
                           List<Turn> history) implements Payload {

    /** One earlier message of the conversation. */
    public record Turn(Role role, String text) {
        public Turn {
            Objects.requireNonNull(role, "role");
            text = text == null ? "" : text;
        }
    }

    public enum Role { USER, ASSISTANT }

    public ChatQuestion {
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** A question with no earlier turns. */
    public ChatQuestion(String questionId, String conversationId, String question, Instant askedAt) {
        this(questionId, conversationId, question, askedAt, List.of());
    }
}
