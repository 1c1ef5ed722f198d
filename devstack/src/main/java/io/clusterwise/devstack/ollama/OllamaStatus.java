package io.clusterwise.devstack.ollama;

import java.net.URI;

/** What the local stack found at the Ollama URL before starting the worker; {@link #describe()} is shown at start-up. */
public sealed interface OllamaStatus {

    URI url();

    String model();

    /** One line for the start-up banner. */
    String describe();

    /** The model can answer. */
    default boolean modelAvailable() {
        return this instanceof Available;
    }

    record Available(URI url, String model) implements OllamaStatus {
        @Override
        public String describe() {
            return "Ollama at " + url + " answers; model " + model + " is available";
        }
    }

    record ModelMissing(URI url, String model) implements OllamaStatus {
        @Override
        public String describe() {
            return "Ollama at " + url + " answers, but model " + model + " is not pulled — run `ollama pull " + model
                    + "`; answers will be findings-only";
        }
    }

    /** Nothing answered, or something that is not a working Ollama; {@code problem} is null when nothing listened. */
    record Unreachable(URI url, String model, String problem) implements OllamaStatus {
        @Override
        public String describe() {
            return problem == null
                    ? "no Ollama at " + url + " — answers will be findings-only until it starts"
                    : "Ollama at " + url + " does not work (" + problem + ") — answers will be findings-only";
        }
    }
}
