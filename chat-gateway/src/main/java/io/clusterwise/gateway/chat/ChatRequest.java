package io.clusterwise.gateway.chat;

/** The body of {@code POST /api/chat}; {@code conversationId} is optional (a new one is made when absent). */
record ChatRequest(String question, String conversationId) {
}
