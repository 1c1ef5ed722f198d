package io.clusterwise.contracts;

import java.util.List;

/** What the worker streams back on {@code agent.replies}: token chunks, then exactly one {@link Complete}. */
public sealed interface ChatReply extends Payload {

    String questionId();

    String conversationId();

    /** A piece of the answer as the model produced it; {@code seq} counts from 0 per question. */
    record Chunk(String questionId, String conversationId, int seq, String text) implements ChatReply {
    }

    /**
     * The whole answer.
     *
     * @param answer   the full text (what the chunks added up to, or the findings-only text)
     * @param mode     whether a model wrote it or only the deterministic findings are shown
     * @param model    the model asked, if any
     * @param notice   why the answer is findings-only (model unreachable, not pulled, timed out...), else null
     * @param findings the deterministic findings the answer is grounded on
     * @param evidence the cited evidence lines
     */
    record Complete(String questionId, String conversationId, String answer, AnswerMode mode, String model,
                    String notice, List<Finding> findings, List<Evidence> evidence) implements ChatReply {
        public Complete {
            findings = findings == null ? List.of() : List.copyOf(findings);
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    enum AnswerMode { MODEL, FINDINGS_ONLY }
}
