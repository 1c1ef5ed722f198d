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
        if (hasLoneSurrogate(question)) {
            throw ChatRejected.invalid("question is not valid UTF-8 text: send it as UTF-8");
        }
        int length = question.codePointCount(0, question.length());
        if (length > maxQuestionLength) {
            throw ChatRejected.invalid("question is " + length + " characters long; the limit is " + maxQuestionLength
                    + " (clusterwise.gateway.max-question-length)");
        }
        return new AcceptedQuestion(question, conversationId(request.conversationId()));
    }

    /**
     * Whether {@code text} holds half of a surrogate pair: what a body's invalid UTF-8 (an encoded surrogate such as
     * {@code ED A0 80}) becomes when the JSON parser lets it through; it is no text and no model reads it.
     */
    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
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
