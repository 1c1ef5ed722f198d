package io.clusterwise.contracts;

import java.time.Instant;

/**
 * A question from a person, on {@code agent.questions}, keyed by conversationId.
 * The gateway also sets spring-kafka's correlation id (= questionId), reply topic and reply partition headers.
 */
public record ChatQuestion(String questionId, String conversationId, String question, Instant askedAt)
        implements Payload {
}
