package io.clusterwise.worker.ollama;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of this worker's last answer from the model, as the answers report it: whether it came from the model
 * or failed (and why). The model status on {@code agent.models} is built from it, and is published again at once when
 * it changes (the first outcome, a failure after answers, an answer after failures, another failure).
 */
public final class LastAnswer {

    /**
     * @param answering    whether the last answer came from the model; null before any
     * @param failure      why the last answer did not, else null
     * @param lastAnswerAt when the model last answered, or null
     */
    public record Outcome(Boolean answering, String failure, Instant lastAnswerAt) {
    }

    private Outcome outcome = new Outcome(null, null, null);
    private volatile Runnable onChange = () -> { };

    /** The model answered a question. */
    public void answered(Instant at) {
        boolean changed;
        synchronized (this) {
            changed = !Boolean.TRUE.equals(outcome.answering());
            outcome = new Outcome(true, null, at);
        }
        if (changed) {
            onChange.run();
        }
    }

    /** A question was answered findings-only because of the model: {@code notice} says why. */
    public void failed(String notice) {
        boolean changed;
        synchronized (this) {
            changed = !Boolean.FALSE.equals(outcome.answering()) || !Objects.equals(notice, outcome.failure());
            outcome = new Outcome(false, notice, outcome.lastAnswerAt());
        }
        if (changed) {
            onChange.run();
        }
    }

    public synchronized Outcome outcome() {
        return outcome;
    }

    /** Called (on the answering thread, so it must be quick) whenever the outcome changes as described above. */
    void onChange(Runnable listener) {
        this.onChange = Objects.requireNonNull(listener, "listener");
    }
}
