package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.gateway.web.SseEvents;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One open chat stream waiting for its answer. It ends exactly once — complete, timeout, error or client gone —
 * whichever comes first; the registry is told how it ended. Writes after the end are dropped: the consumer thread
 * (chunks, complete), the timer (deadline, heartbeats) and the producer's callback (error) write under one lock, so no
 * write can slip in between the terminal event and the emitter's completion.
 */
final class PendingAnswer {

    enum Outcome { COMPLETED, TIMED_OUT, FAILED, DISCONNECTED }

    private final String questionId;
    private final String conversationId;
    private final String question;
    private final long startedNanos = System.nanoTime();
    private final SseEmitter emitter;
    private final BiConsumer<PendingAnswer, Outcome> onEnd;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Object writeLock = new Object();
    private final AtomicBoolean replied = new AtomicBoolean();
    private volatile ScheduledFuture<?> deadline;

    PendingAnswer(String questionId, String conversationId, String question, SseEmitter emitter,
                  BiConsumer<PendingAnswer, Outcome> onEnd) {
        this.questionId = questionId;
        this.conversationId = conversationId;
        this.question = question;
        this.emitter = emitter;
        this.onEnd = onEnd;
    }

    String questionId() {
        return questionId;
    }

    String conversationId() {
        return conversationId;
    }

    String question() {
        return question;
    }

    /** True exactly once: for the first reply handed to this stream. */
    boolean firstReply() {
        return replied.compareAndSet(false, true);
    }

    /** Nanoseconds since the question was accepted. */
    long ageNanos() {
        return System.nanoTime() - startedNanos;
    }

    SseEmitter emitter() {
        return emitter;
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
    }

    void meta(int historyTurns) {
        send(ChatEvents.META, ChatEvents.json(new ChatEvents.Meta(questionId, conversationId, historyTurns)));
    }

    /** @return true when this reply was written to the stream ({@code complete}: and ended it) */
    boolean accept(ChatReply reply) {
        return accept(reply, () -> { });
    }

    /**
     * @param beforeComplete runs once the {@code complete} is sure to be this stream's end, before it is written: what
     *                       the client may do on seeing it (e.g. ask a follow-up) finds its effects in place
     * @return true when this reply was written to the stream ({@code complete}: and ended it)
     */
    boolean accept(ChatReply reply, Runnable beforeComplete) {
        // Java 17: no pattern switch yet; ChatReply is sealed to exactly these two
        if (reply instanceof ChatReply.Chunk chunk) {
            return send(ChatEvents.CHUNK, ChatEvents.json(new ChatEvents.ChunkText(chunk.seq(), chunk.text())));
        }
        if (reply instanceof ChatReply.Complete complete) {
            return end(ChatEvents.COMPLETE, WireJson.writeString(complete), Outcome.COMPLETED, beforeComplete);
        }
        return false;
    }

    void timeOut(String message) {
        end(ChatEvents.TIMEOUT, ChatEvents.json(new ChatEvents.Message(message)), Outcome.TIMED_OUT, () -> { });
    }

    void fail(String message) {
        end(ChatEvents.ERROR, ChatEvents.json(new ChatEvents.Message(message)), Outcome.FAILED, () -> { });
    }

    void heartbeat() {
        synchronized (writeLock) {
            if (open.get()) {
                try {
                    emitter.send(SseEvents.keepAlive());
                } catch (IOException | IllegalStateException e) {
                    clientGone();
                }
            }
        }
    }

    void clientGone() {
        if (open.compareAndSet(true, false)) {
            cancelDeadline();
            onEnd.accept(this, Outcome.DISCONNECTED);
        }
    }

    private boolean send(String event, String data) {
        synchronized (writeLock) {
            if (!open.get()) {
                return false;
            }
            try {
                emitter.send(SseEvents.event(event, data));
                return true;
            } catch (IOException | IllegalStateException e) {
                clientGone();
                return false;
            }
        }
    }

    private boolean end(String event, String data, Outcome outcome, Runnable beforeWrite) {
        Outcome how = outcome;
        synchronized (writeLock) {
            if (!open.compareAndSet(true, false)) {
                return false;
            }
            cancelDeadline();
            beforeWrite.run();
            try {
                emitter.send(SseEvents.event(event, data));
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                how = Outcome.DISCONNECTED;
            }
        }
        onEnd.accept(this, how);
        return how == outcome;
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
    }
}
