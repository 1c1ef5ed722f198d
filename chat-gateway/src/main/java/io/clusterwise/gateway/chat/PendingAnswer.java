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
    private final SseEmitter emitter;
    private final BiConsumer<PendingAnswer, Outcome> onEnd;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Object writeLock = new Object();
    private volatile ScheduledFuture<?> deadline;

    PendingAnswer(String questionId, String conversationId, SseEmitter emitter,
                  BiConsumer<PendingAnswer, Outcome> onEnd) {
        this.questionId = questionId;
        this.conversationId = conversationId;
        this.emitter = emitter;
        this.onEnd = onEnd;
    }

    String questionId() {
        return questionId;
    }

    SseEmitter emitter() {
        return emitter;
    }

    void deadline(ScheduledFuture<?> deadline) {
        this.deadline = deadline;
    }

    void meta() {
        send(ChatEvents.META, ChatEvents.json(new ChatEvents.Meta(questionId, conversationId)));
    }

    void accept(ChatReply reply) {
        // Java 17: no pattern switch yet; ChatReply is sealed to exactly these two
        if (reply instanceof ChatReply.Chunk chunk) {
            send(ChatEvents.CHUNK, ChatEvents.json(new ChatEvents.ChunkText(chunk.seq(), chunk.text())));
        } else if (reply instanceof ChatReply.Complete complete) {
            end(ChatEvents.COMPLETE, WireJson.writeString(complete), Outcome.COMPLETED);
        }
    }

    void timeOut(String message) {
        end(ChatEvents.TIMEOUT, ChatEvents.json(new ChatEvents.Message(message)), Outcome.TIMED_OUT);
    }

    void fail(String message) {
        end(ChatEvents.ERROR, ChatEvents.json(new ChatEvents.Message(message)), Outcome.FAILED);
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

    private void send(String event, String data) {
        synchronized (writeLock) {
            if (!open.get()) {
                return;
            }
            try {
                emitter.send(SseEvents.event(event, data));
            } catch (IOException | IllegalStateException e) {
                clientGone();
            }
        }
    }

    private void end(String event, String data, Outcome outcome) {
        Outcome how = outcome;
        synchronized (writeLock) {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            cancelDeadline();
            try {
                emitter.send(SseEvents.event(event, data));
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                how = Outcome.DISCONNECTED;
            }
        }
        onEnd.accept(this, how);
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
    }
}
