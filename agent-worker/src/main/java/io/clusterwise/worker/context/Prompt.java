package io.clusterwise.worker.context;

import io.clusterwise.contracts.ChatQuestion;

import java.util.List;

/**
 * The messages sent to the model: the system prompt, the conversation's earlier turns (oldest first, as many as fit
 * the budget), and the user message with findings, evidence and the question.
 */
public record Prompt(String system, List<ChatQuestion.Turn> history, String user) {

    public Prompt {
        history = history == null ? List.of() : List.copyOf(history);
    }

    public Prompt(String system, String user) {
        this(system, List.of(), user);
    }

    public int estimatedTokens() {
        return TokenBudget.estimate(system) + TokenBudget.estimate(user)
                + history.stream().mapToInt(t -> TokenBudget.estimate(t.text()) + 4).sum();
    }
}
