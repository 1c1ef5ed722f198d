package io.clusterwise.gateway.chat;

/**
 * A question that passed {@link QuestionPolicy}: non-blank, within the length limit.
 *
 * @param conversationId the conversation to continue, or null to start a new one
 */
record AcceptedQuestion(String question, String conversationId) {

    boolean startsConversation() {
        return conversationId == null;
    }
}
