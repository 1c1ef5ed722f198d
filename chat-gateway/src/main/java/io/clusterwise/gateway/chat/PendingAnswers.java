package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.web.StreamWriters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat streams of this instance that wait for an answer, by questionId (= the correlation id the worker copies
 * onto every reply). Bounded: when {@code clusterwise.gateway.max-pending-answers} streams wait, new chats get 503.
 * Every stream ends by itself at the answer timeout; heartbeats find streams whose client has gone. Nothing here
 * writes to a client: {@link PendingAnswer} queues each event on its stream's own writer (see {@code StreamWriters}),
 * so {@link #dispatch} — on the one reply-consumer thread — never waits for a slow client. On shutdown the
 * open streams end with an {@code error} event first, so the web server's graceful shutdown does not wait for them.
 */
@Component
class PendingAnswers implements InitializingBean, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PendingAnswers.class);

    /** The emitter's own servlet timeout is only a backstop behind the answer deadline. */
    private static final Duration EMITTER_GRACE = Duration.ofSeconds(30);
    /** How many answered question ids are remembered to tell a duplicate reply from an unmatched one. */
    private static final int RECENTLY_ANSWERED = 10_000;

    private final Map<String, PendingAnswer> byQuestionId = new ConcurrentHashMap<>();
    private final AtomicLong unmatchedReplies = new AtomicLong();
    private final AtomicLong receivedReplies = new AtomicLong();
    private final AtomicLong duplicateReplies = new AtomicLong();
    /** The questions answered lately (their first complete queued), so a late second answer counts as a duplicate. */
    private final Map<String, Boolean> recentlyAnswered = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > RECENTLY_ANSWERED;
                }
            });
    private final Conversations conversations;
    private final Timer firstChunk;
    private final Outcomes<PendingAnswer.Outcome> outcomes;
    private final ScheduledExecutorService timer;
    private final StreamWriters writers;
    private final Slots slots;
    private final Duration answerTimeout;
    private final Duration heartbeatInterval;
    private final String timeoutMessage;
    private volatile boolean running;

    PendingAnswers(GatewayProperties properties, ScheduledExecutorService gatewayTimer, StreamWriters writers,
                   Conversations conversations, ObjectProvider<MeterRegistry> meterRegistry) {
        this.timer = gatewayTimer;
        this.writers = writers;
        this.conversations = conversations;
        MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        this.firstChunk = Timer.builder("clusterwise.gateway.answer.first.chunk")
                .description("from accepting a question to handing its first chunk (or its complete) to the stream's writer")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.slots = new Slots(properties.gateway().maxPendingAnswers());
        this.answerTimeout = properties.gateway().answerTimeout();
        this.heartbeatInterval = properties.gateway().heartbeatInterval();
        this.timeoutMessage = "no answer within " + describe(answerTimeout)
                + "; the agent-worker may be down or busy";
        this.outcomes = new Outcomes<>(PendingAnswer.Outcome.class, registry, "clusterwise.gateway.answer.duration",
                "how long chat streams stayed open, by how they ended");
    }

    @Override
    public void afterPropertiesSet() {
        long every = heartbeatInterval.toMillis();
        timer.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        byQuestionId.values().forEach(answer -> answer.fail("the gateway is shutting down; please ask again"));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Registers a new stream before its question is sent, so no reply can arrive for an unknown id.
     *
     * @throws ChatRejected (503) when {@code clusterwise.gateway.max-pending-answers} streams already wait, or the
     *                      gateway is shutting down
     */
    PendingAnswer open(String questionId, String conversationId, String question) {
        if (!running) {
            throw ChatRejected.unavailable("Shutting down", "this gateway is shutting down; ask again in a moment");
        }
        if (!slots.tryTake()) {
            throw ChatRejected.unavailable("Too many pending answers", slots.max() + " answers are already pending"
                    + " on this gateway; try again shortly, or raise clusterwise.gateway.max-pending-answers"
                    + " (or run more gateway instances)");
        }
        SseEmitter emitter = new SseEmitter(answerTimeout.plus(EMITTER_GRACE).toMillis());
        PendingAnswer answer = new PendingAnswer(questionId, conversationId, question, emitter,
                writers.newStream(), this::ended);
        byQuestionId.put(questionId, answer);
        emitter.onCompletion(answer::clientGone);
        emitter.onTimeout(answer::clientGone);
        emitter.onError(e -> answer.clientGone());
        answer.deadline(timer.schedule(() -> answer.timeOut(timeoutMessage),
                answerTimeout.toMillis(), TimeUnit.MILLISECONDS));
        return answer;
    }

    /**
     * Hands a reply to the stream waiting for it. A question may be answered twice (its worker stopped mid-answer and
     * another took it over): the stream follows one answer (see {@link PendingAnswer#take}) and ends with the first
     * complete; the rest of the other answer is dropped and counted as duplicate, also once the stream has ended.
     *
     * @return false when no stream here waits for that correlation id (answered, timed out, or another instance's)
     */
    boolean dispatch(String correlationId, ChatReply reply) {
        receivedReplies.incrementAndGet();
        PendingAnswer answer = correlationId == null ? null : byQuestionId.get(correlationId);
        if (answer == null) {
            if (correlationId != null && recentlyAnswered.containsKey(correlationId)) {
                duplicateReplies.incrementAndGet();
                log.debug("question {} is already answered; a duplicate {} dropped", correlationId,
                        reply.getClass().getSimpleName());
            } else {
                unmatchedReplies.incrementAndGet();
                log.debug("no pending answer for correlation id {}; reply ignored", correlationId);
            }
            return false;
        }
        boolean first = answer.firstReply();
        // the turn is recorded before the client sees `complete`, so a follow-up sent at once carries it
        PendingAnswer.Taken taken = answer.take(reply, () -> {
            recentlyAnswered.put(correlationId, Boolean.TRUE);
            conversations.record(answer.conversationId(), answer.question(), ((ChatReply.Complete) reply).answer());
        });
        if (taken == PendingAnswer.Taken.DUPLICATE) {
            duplicateReplies.incrementAndGet();
            log.debug("question {} already has its answer; a duplicate {} dropped", correlationId,
                    reply.getClass().getSimpleName());
        } else if (taken == PendingAnswer.Taken.QUEUED && first) {
            firstChunk.record(answer.ageNanos(), TimeUnit.NANOSECONDS);
        }
        return true;
    }

    int size() {
        return byQuestionId.size();
    }

    /** Every reply read from this instance's partition, matched or not. */
    long receivedReplies() {
        return receivedReplies.get();
    }

    /** Chat replies dropped because their question already has its answer (see {@link #dispatch}). */
    long duplicateReplies() {
        return duplicateReplies.get();
    }

    long unmatchedReplies() {
        return unmatchedReplies.get();
    }

    long count(PendingAnswer.Outcome outcome) {
        return outcomes.count(outcome);
    }

    private void ended(PendingAnswer answer, PendingAnswer.Outcome outcome) {
        if (byQuestionId.remove(answer.questionId(), answer)) {
            slots.release();
        }
        outcomes.ended(outcome, answer.ageNanos());
        if (outcome == PendingAnswer.Outcome.NOT_READING) {
            log.info("answer stream for question {} ended: its client is not reading (more than {} events waiting;"
                    + " clusterwise.gateway.streams.queue-capacity)", answer.questionId(), writers.queueCapacity());
        } else {
            log.debug("answer stream for question {} ended: {}", answer.questionId(), outcome);
        }
    }

    private void heartbeat() {
        try {
            byQuestionId.values().forEach(PendingAnswer::heartbeat);
        } catch (RuntimeException e) {
            log.warn("heartbeat round failed: {}", e.toString());
        }
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
