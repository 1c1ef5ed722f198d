package io.clusterwise.gateway.chat;

import io.clusterwise.gateway.GatewayProperties;
import org.springframework.stereotype.Component;

/** What a chat request must look like; every refusal says what is wrong and, where a setting decides, names it. */
@Component
class QuestionPolicy {

    static final int MAX_CONVERSATION_ID_LENGTH = 128;

    private final int maxQuestionLength;

    QuestionPolicy(GatewayProperties properties) {
        this.maxQuestionLength = properties.gateway().maxQuestionLength();
    }

    AcceptedQuestion check(ChatRequest request) {
        String question = request.question();
        if (question == null) {
            throw ChatRejected.invalid("question is missing: send {\"question\": \"...\"}");
        }
        if (question.isBlank()) {
            throw ChatRejected.invalid("question is blank: ask something");
        }
        int length = question.codePointCount(0, question.length());
        if (length > maxQuestionLength) {
            throw ChatRejected.invalid("question is " + length + " characters long; the limit is " + maxQuestionLength
                    + " (clusterwise.gateway.max-question-length)");
        }
        return new AcceptedQuestion(question, conversationId(request.conversationId()));
    }

    /** The conversation to continue, or null to start a new one. */
    private static String conversationId(String requested) {
        if (requested == null || requested.isBlank()) {
            return null;
        }
        if (requested.length() > MAX_CONVERSATION_ID_LENGTH || requested.chars().anyMatch(Character::isISOControl)) {
            throw ChatRejected.invalid("conversationId must be at most " + MAX_CONVERSATION_ID_LENGTH
                    + " characters without control characters; leave it out to start a new conversation");
        }
        return requested;
    }
}
