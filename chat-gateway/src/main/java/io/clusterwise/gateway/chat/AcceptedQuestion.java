package io.clusterwise.gateway.chat;

/** A question that passed {@link QuestionPolicy}: non-blank, within the length limit, with a conversation id. */
record AcceptedQuestion(String question, String conversationId) {
}
