package io.clusterwise.worker.context;

/** The two messages sent to the model. */
public record Prompt(String system, String user) {

    public int estimatedTokens() {
        return TokenBudget.estimate(system) + TokenBudget.estimate(user);
    }
}
