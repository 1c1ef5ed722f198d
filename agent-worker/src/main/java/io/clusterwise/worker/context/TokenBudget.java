package io.clusterwise.worker.context;

/**
 * How much prompt fits the model. Tokens are estimated as one per 4 characters (rounded up): close for English and
 * Kubernetes names with the tokenizers of Mistral and Llama, and deliberately simple; the quarter of {@code num_ctx}
 * kept for the answer absorbs the error. Ollama silently trims an over-long prompt from the front (the system prompt
 * first), so staying inside the budget is what keeps the grounding rules in front of the model.
 *
 * @param numCtx the model's context window
 */
record TokenBudget(int numCtx) {

    static final int CHARS_PER_TOKEN = 4;

    static int estimate(String text) {
        return text == null ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** Tokens kept free for the model's answer: a quarter of the context window. */
    int answerReserve() {
        return numCtx / 4;
    }

    /** Tokens the whole prompt (system and user message) may use. */
    int promptLimit() {
        return numCtx - answerReserve();
    }
}
