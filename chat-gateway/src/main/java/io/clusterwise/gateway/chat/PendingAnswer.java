package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.gateway.web.GatewayJson;
import io.clusterwise.gateway.web.SseEvents;
import io.clusterwise.gateway.web.StreamWriter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One open chat stream waiting for its answer. It ends exactly once — complete, timeout, error, client not reading or
 * client gone — whichever comes first; the registry is told how it ended. The consumer thread (chunks, complete), the
 * timer (deadline, heartbeats) and the producer's callback (error) never write to the client themselves: they queue
 * the event on the stream's own {@link StreamWriter}, which writes in queue order on the shared writer pool. Deciding
 * "still open?" and queuing happen under one lock, and the terminal event is queued in the same step that closes the
 * stream, so every event queued before it is written before it, and nothing after it.
 */
final class PendingAnswer {

    enum Outcome { COMPLETED, TIMED_OUT, FAILED, NOT_READING, DISCONNECTED }

    /** What became of a reply handed to the stream. */
    enum Taken {
        /** Queued for the client ({@code complete}: and ended the stream). */
        QUEUED,
        /** Dropped: the question already has its answer (a chunk of an abandoned answer, or after the complete). */
        DUPLICATE,
        /** Dropped: the stream had already ended otherwise (timeout, error, client gone). */
        CLOSED
    }

    private final String questionId;
    private final String conversationId;
    private final String question;
    private final long startedNanos = System.nanoTime();
    private final SseEmitter emitter;
    private final StreamWriter writer;
    private final BiConsumer<PendingAnswer, Outcome> onEnd;
    /** False from the moment the end is decided (its terminal event may still be waiting to be written). */
    private final AtomicBoolean open = new AtomicBoolean(true);
    /** A write failed or the container said the client went away: the writes still queued are skipped. */
    private volatile boolean broken;
    private final Object queueLock = new Object();
    private final AtomicBoolean replied = new AtomicBoolean();
    private final AnswerAttempts attempts = new AnswerAttempts();
    /** A complete was queued: whatever comes for this question from now on is a duplicate. */
    private volatile boolean answered;
    private volatile ScheduledFuture<?> deadline;

    PendingAnswer(String questionId, String conversationId, String question, SseEmitter emitter, StreamWriter writer,
                  BiConsumer<PendingAnswer, Outcome> onEnd) {
        this.questionId = questionId;
        this.conversationId = conversationId;
        this.question = question;
        this.emitter = emitter;
        this.writer = writer;
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

    /** @return true when this reply was queued for the stream ({@code complete}: and ended it) */
    boolean accept(ChatReply reply) {
        return take(reply, () -> { }) == Taken.QUEUED;
    }

    /**
     * Takes a reply of this stream's question. The stream follows one answer: the first {@code answerId} it sees; a
     * chunk of another (a second worker answering the question again) makes it send one {@code restart} and follow
     * that answer, dropping the first one's chunks from then on. The first {@code complete}, of whichever answer,
     * ends the stream.
     *
     * @param beforeComplete runs once the {@code complete} is sure to be this stream's end, before it is queued: what
     *                       the client may do on seeing it (e.g. ask a follow-up) finds its effects in place
     */
    Taken take(ChatReply reply, Runnable beforeComplete) {
        if (answered) {
            return Taken.DUPLICATE;
        }
        // Java 17: no pattern switch yet; ChatReply is sealed to exactly these two
        if (reply instanceof ChatReply.Chunk chunk) {
            AnswerAttempts.Step step = attempts.chunkOf(chunk.answerId());
            if (step == AnswerAttempts.Step.ABANDONED) {
                return Taken.DUPLICATE;
            }
            if (step == AnswerAttempts.Step.RESTART && !send(ChatEvents.RESTART, ChatEvents.json(
                    new ChatEvents.Message("the worker answering stopped; another worker answers again")))) {
                return Taken.CLOSED;
            }
            return send(ChatEvents.CHUNK, ChatEvents.json(new ChatEvents.ChunkText(chunk.seq(), chunk.text())))
                    ? Taken.QUEUED : Taken.CLOSED;
        }
        if (reply instanceof ChatReply.Complete complete) {
            if (end(ChatEvents.COMPLETE, GatewayJson.write(complete), Outcome.COMPLETED, () -> {
                answered = true;
                beforeComplete.run();
            })) {
                return Taken.QUEUED;
            }
            return answered ? Taken.DUPLICATE : Taken.CLOSED;
        }
        return Taken.CLOSED;
    }

    void timeOut(String message) {
        end(ChatEvents.TIMEOUT, ChatEvents.json(new ChatEvents.Message(message)), Outcome.TIMED_OUT, () -> { });
    }

    void fail(String message) {
        end(ChatEvents.ERROR, ChatEvents.json(new ChatEvents.Message(message)), Outcome.FAILED, () -> { });
    }

    /** A keep-alive, unless events already wait or are being written (then they show whether the client is there). */
    void heartbeat() {
        synchronized (queueLock) {
            if (open.get() && writer.idle()) {
                writer.offer(() -> write(SseEvents.keepAlive()));
            }
        }
    }

    void clientGone() {
        broken = true;
        if (open.compareAndSet(true, false)) {
            cancelDeadline();
            onEnd.accept(this, Outcome.DISCONNECTED);
        }
    }

    private boolean send(String event, String data) {
        SseEmitter.SseEventBuilder built = SseEvents.event(event, data);
        synchronized (queueLock) {
            if (!open.get()) {
                return false;
            }
            if (writer.offer(() -> write(built))) {
                return true;
            }
        }
        String message = "the client is not reading this stream: " + writer.queueCapacity()
                + " events were waiting to be written to it (clusterwise.gateway.streams.queue-capacity)";
        end(ChatEvents.ERROR, ChatEvents.json(new ChatEvents.Message(message)), Outcome.NOT_READING, () -> { });
        return false;
    }

    private void write(SseEmitter.SseEventBuilder event) {
        if (broken) {
            return;
        }
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            clientGone();
        }
    }

    /** @return true when this call ended the stream (its event is queued as the stream's last) */
    private boolean end(String event, String data, Outcome outcome, Runnable beforeQueued) {
        SseEmitter.SseEventBuilder built = SseEvents.event(event, data);
        synchronized (queueLock) {
            if (!open.compareAndSet(true, false)) {
                return false;
            }
            cancelDeadline();
            beforeQueued.run();
            writer.last(() -> finish(built, outcome));
        }
        if (outcome == Outcome.NOT_READING) {
            // do not wait for a client that does not read: free the slot now; the event goes out if it ever reads
            onEnd.accept(this, outcome);
        }
        return true;
    }

    private void finish(SseEmitter.SseEventBuilder event, Outcome outcome) {
        Outcome how = outcome;
        if (broken) {
            how = Outcome.DISCONNECTED;
        } else {
            try {
                emitter.send(event);
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                how = Outcome.DISCONNECTED;
            }
        }
        if (outcome != Outcome.NOT_READING) {
            onEnd.accept(this, how);
        }
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
    }
}
