package io.clusterwise.worker.ollama;

import io.clusterwise.worker.context.Prompt;

/** Streams one answer from the model. Every outcome, including a failure to even connect, arrives at the listener. */
public interface ModelStream {

    /** The model asked, as configured. */
    String model();

    /**
     * Starts streaming; returns at once. The listener gets zero or more pieces, then exactly one of
     * {@link Listener#onDone} or {@link Listener#onFailure}.
     *
     * @return a handle that stops the stream when the answer is no longer wanted
     */
    Cancellable stream(Prompt prompt, Listener listener);

    interface Listener {
        void onPiece(String text);

        void onDone(String fullText);

        /** @param notice why there is no model answer, in words fit for the person who asked */
        void onFailure(String notice);
    }

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
