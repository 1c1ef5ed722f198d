package io.clusterwise.gateway.chat;

import java.util.HashSet;
import java.util.Set;

/**
 * Which answer of one question a chat stream follows. Normally there is one: every reply carries the same
 * {@code answerId}. When the worker answering stops mid-answer, the question is redelivered and another worker answers
 * it under a new {@code answerId}: the stream then restarts once on that answer and drops the chunks of the one before
 * (the first worker may still be sending, e.g. when it only lost its partition). Replies without an {@code answerId}
 * (older workers) are all taken as one answer.
 */
final class AnswerAttempts {

    enum Step {
        /** A chunk of the answer followed (or the first chunk). */
        FOLLOW,
        /** The first chunk of another answer: the stream restarts on it. */
        RESTART,
        /** A chunk of an answer given up for a later one: dropped. */
        ABANDONED
    }

    private String followed;
    private final Set<String> abandoned = new HashSet<>();

    synchronized Step chunkOf(String answerId) {
        if (answerId == null || answerId.equals(followed)) {
            return Step.FOLLOW;
        }
        if (followed == null) {
            followed = answerId;
            return Step.FOLLOW;
        }
        if (abandoned.contains(answerId)) {
            return Step.ABANDONED;
        }
        abandoned.add(followed);
        followed = answerId;
        return Step.RESTART;
    }
}
