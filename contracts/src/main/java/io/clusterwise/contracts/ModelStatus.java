package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one worker knows of its model, on the compacted {@code agent.models} topic, keyed by {@code workerId} (a
 * tombstone when the worker stops cleanly). Each worker refreshes it periodically from Ollama's {@code /api/tags}
 * (what is pulled) and {@code /api/ps} (what is loaded) and from its own last answer, so the gateway can say which
 * models there are and whether answers come from the model without ever talking to Ollama itself.
 *
 * @param workerId        the publishing worker instance
 * @param ollamaUrl       the Ollama server it asks (without credentials)
 * @param configuredModel the model it is configured to ask
 * @param state           the one-word verdict
 * @param available       the models Ollama has pulled ({@code /api/tags}); empty when unreachable
 * @param loaded          whether {@code configuredModel} is loaded in memory ({@code /api/ps})
 * @param answering       whether the last answer it asked the model for came from the model; null before any
 * @param detail          what is wrong, in words, or null when {@link State#READY}
 * @param action          what to do about it (e.g. {@code ollama pull mistral}), or null when nothing is needed
 * @param checkedAt       when it was checked
 * @param lastAnswerAt    when the model last answered one of this worker's questions, or null
 */
public record ModelStatus(String workerId, String ollamaUrl, String configuredModel, State state,
                          List<Available> available, boolean loaded, Boolean answering, String detail, String action,
                          Instant checkedAt, Instant lastAnswerAt) implements Payload {

    public ModelStatus {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(state, "state");
        available = available == null ? List.of() : List.copyOf(available);
    }

    /** The verdict, worst last. */
    public enum State {
        /** The model is pulled and (as far as the last answer shows) answering. */
        READY,
        /** Ollama answers but has not pulled the configured model: answers are findings-only. */
        NOT_PULLED,
        /** The model is there but its last answer failed (error, timeout): answers may be findings-only. */
        FAILING,
        /** Ollama does not answer: answers are findings-only. */
        UNREACHABLE
    }

    /**
     * A model Ollama has.
     *
     * @param name       as Ollama names it, e.g. {@code mistral:latest}
     * @param sizeBytes  its size on disk
     * @param modifiedAt when it was pulled or changed, if known
     */
    public record Available(String name, long sizeBytes, Instant modifiedAt) {
    }

    /** Whether answers should come from the model. */
    public boolean usable() {
        return state == State.READY;
    }
}
