package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.DiagnoseReply;
import io.clusterwise.contracts.DiagnoseRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

/**
 * One diagnose request: register it, send it to {@code agent.questions} with this instance's reply headers (the same
 * path as a chat question), and let the reply — or the deadline — give the response.
 */
@Component
class DiagnoseExchange {

    private final ReplyConsumerState replies;
    private final PendingDiagnoses pending;
    private final QuestionSender sender;

    DiagnoseExchange(ReplyConsumerState replies, PendingDiagnoses pending, QuestionSender sender) {
        this.replies = replies;
        this.pending = pending;
        this.sender = sender;
    }

    /**
     * @param namespace a checked namespace, or null for the whole cluster
     * @param respond   turns the worker's reply into the response
     */
    DeferredResult<ResponseEntity<String>> ask(String namespace,
                                               Function<DiagnoseReply, ResponseEntity<String>> respond) {
        if (!replies.isPositioned()) {
            throw ChatRejected.notReading(replies.partition());
        }
        String requestId = UUID.randomUUID().toString();
        PendingDiagnosis diagnosis = pending.open(requestId, respond);
        DiagnoseRequest request = new DiagnoseRequest(requestId, namespace, Instant.now());
        try {
            sender.sendDiagnose(request).whenComplete((sent, failure) -> {
                if (failure != null) {
                    diagnosis.fail(DiagnoseProblem.cannotSend(failure));
                }
            });
        } catch (RuntimeException e) {
            diagnosis.fail(DiagnoseProblem.cannotSend(e));
        }
        return diagnosis.result();
    }
}
