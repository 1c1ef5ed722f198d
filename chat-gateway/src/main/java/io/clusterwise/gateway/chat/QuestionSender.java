package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.DiagnoseRequest;

import java.util.concurrent.CompletableFuture;

/**
 * The one way a request leaves the gateway for the worker (a port, so the web slice tests run without Kafka). Each
 * future fails when the request could not be delivered; replies come back on this instance's reply partition,
 * correlated by the request's id.
 */
interface QuestionSender {

    /** A chat question, correlated by {@link ChatQuestion#questionId()}. */
    CompletableFuture<?> send(ChatQuestion question);

    /** A diagnose request, correlated by {@link DiagnoseRequest#requestId()}. */
    CompletableFuture<?> sendDiagnose(DiagnoseRequest request);
}
