package io.clusterwise.worker.answer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The questions this worker has answered or is answering, the most recent {@code capacity} of them, each with the
 * sending of its {@code Complete}. A question redelivered to the same worker (its offset was not committed yet when
 * the partition moved and came back, or the worker re-read it after a rebalance) is then not answered twice: its
 * record is settled when the first answer's {@code Complete} has been sent. Another worker does not know this list;
 * the gateway keeps one answer per question across workers.
 */
final class AnsweredQuestions {

    static final int DEFAULT_CAPACITY = 10_000;

    private final Map<String, CompletableFuture<?>> byQuestionId;
    private final AtomicLong duplicates = new AtomicLong();

    AnsweredQuestions(int capacity) {
        this.byQuestionId = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<?>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Records that this worker answers {@code questionId}, unless it already did.
     *
     * @param answered completes when this answer's {@code Complete} has been sent
     * @return null when the question is new here (the caller answers it); else the earlier answer's sending, and the
     *         question counts as a duplicate
     */
    synchronized CompletableFuture<?> answerOnce(String questionId, CompletableFuture<?> answered) {
        CompletableFuture<?> earlier = byQuestionId.putIfAbsent(questionId, answered);
        if (earlier != null) {
            duplicates.incrementAndGet();
        }
        return earlier;
    }

    /** Forgets a question whose answer never started (its hand-over to the answer pool failed), so a retry answers. */
    synchronized void forget(String questionId, CompletableFuture<?> answered) {
        byQuestionId.remove(questionId, answered);
    }

    long duplicates() {
        return duplicates.get();
    }

    synchronized int size() {
        return byQuestionId.size();
    }
}
