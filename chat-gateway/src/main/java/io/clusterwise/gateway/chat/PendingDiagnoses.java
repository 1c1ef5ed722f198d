package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.DiagnoseReply;
import io.clusterwise.gateway.GatewayProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The diagnose requests of this instance that wait for their {@link DiagnoseReply}, by requestId (= the correlation
 * id the worker copies onto the reply). Bounded: when {@code clusterwise.gateway.max-pending-diagnoses} wait, new
 * ones get 503. Each ends by itself with 504 at {@code clusterwise.gateway.diagnose-timeout}. {@link #dispatch} runs
 * on the reply-consumer thread and only hands the reply over. On shutdown the waiting ones get 503 at once, so the
 * web server's graceful shutdown does not wait for them.
 */
@Component
class PendingDiagnoses implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PendingDiagnoses.class);

    /** The servlet container's own async timeout is only a backstop behind the diagnose deadline. */
    private static final Duration RESPONSE_GRACE = Duration.ofSeconds(30);

    private final Map<String, PendingDiagnosis> byRequestId = new ConcurrentHashMap<>();
    private final Outcomes<PendingDiagnosis.Outcome> outcomes;
    private final AtomicLong receivedReplies = new AtomicLong();
    private final AtomicLong unmatchedReplies = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final Slots slots;
    private final Duration timeout;
    private volatile boolean running;

    PendingDiagnoses(GatewayProperties properties, ScheduledExecutorService gatewayTimer,
                     ObjectProvider<MeterRegistry> meterRegistry) {
        this.timer = gatewayTimer;
        this.slots = new Slots(properties.gateway().maxPendingDiagnoses());
        this.timeout = properties.gateway().diagnoseTimeout();
        MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        this.outcomes = new Outcomes<>(PendingDiagnosis.Outcome.class, registry, "clusterwise.gateway.diagnose.duration",
                "how long diagnose requests waited, by how they ended");
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        byRequestId.values().forEach(d -> d.fail(shuttingDown()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Registers a request before it is sent, so no reply can arrive for an unknown id.
     *
     * @param respond turns the reply into the HTTP response (may throw a problem, e.g. 404)
     * @throws ChatRejected (503) when {@code clusterwise.gateway.max-pending-diagnoses} already wait, or the gateway
     *                      is shutting down
     */
    PendingDiagnosis open(String requestId, Function<DiagnoseReply, ResponseEntity<String>> respond) {
        if (!running) {
            throw shuttingDown();
        }
        if (!slots.tryTake()) {
            throw ChatRejected.unavailable("Too many pending diagnoses", slots.max() + " diagnose requests are"
                    + " already waiting on this gateway; try again shortly, or raise"
                    + " clusterwise.gateway.max-pending-diagnoses");
        }
        DeferredResult<ResponseEntity<String>> result = new DeferredResult<>(timeout.plus(RESPONSE_GRACE).toMillis());
        PendingDiagnosis diagnosis = new PendingDiagnosis(requestId, result, respond, this::ended);
        byRequestId.put(requestId, diagnosis);
        result.onTimeout(() -> diagnosis.timeOut(DiagnoseProblem.noWorkerAnswered(timeout)));
        result.onError(e -> diagnosis.clientGone());
        diagnosis.deadline(timer.schedule(() -> diagnosis.timeOut(DiagnoseProblem.noWorkerAnswered(timeout)),
                timeout.toMillis(), TimeUnit.MILLISECONDS));
        return diagnosis;
    }

    /**
     * Hands a reply to the request waiting for it.
     *
     * @return false when no request here waits for that correlation id (answered, timed out, or another instance's)
     */
    boolean dispatch(String correlationId, DiagnoseReply reply) {
        receivedReplies.incrementAndGet();
        PendingDiagnosis diagnosis = correlationId == null ? null : byRequestId.get(correlationId);
        if (diagnosis == null || !diagnosis.answer(reply)) {
            unmatchedReplies.incrementAndGet();
            log.debug("no pending diagnose request for correlation id {}; reply ignored", correlationId);
            return false;
        }
        return true;
    }

    int size() {
        return byRequestId.size();
    }

    /** Every diagnose reply read from this instance's partition, matched or not. */
    long receivedReplies() {
        return receivedReplies.get();
    }

    long unmatchedReplies() {
        return unmatchedReplies.get();
    }

    long count(PendingDiagnosis.Outcome outcome) {
        return outcomes.count(outcome);
    }

    private void ended(PendingDiagnosis diagnosis, PendingDiagnosis.Outcome outcome) {
        if (byRequestId.remove(diagnosis.requestId(), diagnosis)) {
            slots.release();
        }
        outcomes.ended(outcome, diagnosis.ageNanos());
        log.debug("diagnose request {} ended: {}", diagnosis.requestId(), outcome);
    }

    private static ChatRejected shuttingDown() {
        return ChatRejected.unavailable("Shutting down", "this gateway is shutting down; ask again in a moment");
    }
}
