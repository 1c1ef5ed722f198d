package io.clusterwise.contracts;

import java.util.List;

/**
 * What the worker streams back on {@code agent.replies}: token chunks, then exactly one {@link Complete}, all of one
 * answer attempt carrying the same {@code answerId}. When a worker stops mid-answer its question is redelivered and
 * another worker answers it under a new {@code answerId}: a reader follows one answer per question and takes the first
 * {@code Complete} (see the gateway's DESIGN.md).
 */
public sealed interface ChatReply extends Payload {

    String questionId();

    String conversationId();

    /**
     * The answer attempt this reply belongs to ({@code <worker instance-id>/<8 hex>-<n>}); null from workers older
     * than the field.
     */
    String answerId();

    /** A piece of the answer as the model produced it; {@code seq} counts from 0 per answer attempt. */
    record Chunk(String questionId, String conversationId, int seq, String text, String answerId)
            implements ChatReply {

        /** A chunk without an answer id, as older workers sent it. */
        public Chunk(String questionId, String conversationId, int seq, String text) {
            this(questionId, conversationId, seq, text, null);
        }
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
     * @param answerId the answer attempt, as on its chunks; null from older workers
     */
    record Complete(String questionId, String conversationId, String answer, AnswerMode mode, String model,
                    String notice, List<Finding> findings, List<Evidence> evidence, String answerId)
            implements ChatReply {
        public Complete {
            findings = findings == null ? List.of() : List.copyOf(findings);
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }

        /** A complete without an answer id, as older workers sent it. */
        public Complete(String questionId, String conversationId, String answer, AnswerMode mode, String model,
                        String notice, List<Finding> findings, List<Evidence> evidence) {
            this(questionId, conversationId, answer, mode, model, notice, findings, evidence, null);
        }
    }

    enum AnswerMode { MODEL, FINDINGS_ONLY }
}
