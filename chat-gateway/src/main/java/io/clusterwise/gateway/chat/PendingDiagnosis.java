package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.DiagnoseReply;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.async.DeferredResult;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One diagnose request waiting for its {@link DiagnoseReply}, as an HTTP response not yet given (a
 * {@link DeferredResult}: no servlet thread waits meanwhile). It ends exactly once — answered, timed out, failed or
 * the client gone — whichever comes first; the registry is told how. The reply consumer, the timer and the
 * producer's callback only set the result: the servlet container writes it on one of its own threads.
 */
final class PendingDiagnosis {

    enum Outcome { ANSWERED, UNKNOWN_NAMESPACE, TIMED_OUT, FAILED, DISCONNECTED }

    private final String requestId;
    private final long startedNanos = System.nanoTime();
    private final DeferredResult<ResponseEntity<String>> result;
    private final Function<DiagnoseReply, ResponseEntity<String>> respond;
    private final BiConsumer<PendingDiagnosis, Outcome> onEnd;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile ScheduledFuture<?> deadline;

    /**
     * @param respond turns the reply into the response; may throw an {@link ErrorResponseException} (e.g. 404),
     *                which becomes the problem detail
     */
    PendingDiagnosis(String requestId, DeferredResult<ResponseEntity<String>> result,
                     Function<DiagnoseReply, ResponseEntity<String>> respond,
                     BiConsumer<PendingDiagnosis, Outcome> onEnd) {
        this.requestId = requestId;
        this.result = result;
        this.respond = respond;
        this.onEnd = onEnd;
    }

    String requestId() {
        return requestId;
    }

    DeferredResult<ResponseEntity<String>> result() {
        return result;
    }

    long ageNanos() {
        return System.nanoTime() - startedNanos;
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
    }

    /** @return false when it had already ended (the reply came too late) */
    boolean answer(DiagnoseReply reply) {
        if (!end(reply.namespaceKnown() ? Outcome.ANSWERED : Outcome.UNKNOWN_NAMESPACE)) {
            return false;
        }
        try {
            result.setResult(respond.apply(reply));
        } catch (RuntimeException e) {
            result.setErrorResult(e);
        }
        return true;
    }

    void timeOut(ErrorResponseException problem) {
        fail(problem, Outcome.TIMED_OUT);
    }

    void fail(ErrorResponseException problem) {
        fail(problem, Outcome.FAILED);
    }

    /** The servlet container gave up on the request (client gone, or its own async timeout as a backstop). */
    void clientGone() {
        end(Outcome.DISCONNECTED);
    }

    private void fail(ErrorResponseException problem, Outcome outcome) {
        if (end(outcome)) {
            result.setErrorResult(problem);
        }
    }

    private boolean end(Outcome outcome) {
        if (!open.compareAndSet(true, false)) {
            return false;
        }
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
        onEnd.accept(this, outcome);
        return true;
    }
}
