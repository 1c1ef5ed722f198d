package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatQuestion;

import java.util.concurrent.CompletableFuture;

/** The one way a question leaves the gateway (a port, so the web slice tests run without Kafka). */
interface QuestionSender {

    /**
     * Hands the question over for the worker; the future fails when it could not be delivered.
     * Replies come back on this instance's reply partition, correlated by {@link ChatQuestion#questionId()}.
     */
    CompletableFuture<?> send(ChatQuestion question);
}
