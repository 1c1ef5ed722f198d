package io.clusterwise.worker.answer;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class AnsweredQuestionsTest {

    @Test
    void shouldReturnTheFirstAnswerAndCountADuplicateWhenAQuestionIsReadAgain() {
        AnsweredQuestions answered = new AnsweredQuestions(10);
        CompletableFuture<Void> first = new CompletableFuture<>();

        assertThat(answered.answerOnce("q-1", first)).isNull();
        assertThat(answered.answerOnce("q-1", new CompletableFuture<>())).isSameAs(first);
        assertThat(answered.duplicates()).isEqualTo(1);
    }

    @Test
    void shouldForgetTheLeastRecentlyAskedWhenMoreThanItsCapacityWereAnswered() {
        AnsweredQuestions answered = new AnsweredQuestions(2);
        answered.answerOnce("q-1", CompletableFuture.completedFuture(null));
        answered.answerOnce("q-2", CompletableFuture.completedFuture(null));
        answered.answerOnce("q-3", CompletableFuture.completedFuture(null));

        assertThat(answered.size()).isEqualTo(2);
        assertThat(answered.answerOnce("q-1", new CompletableFuture<>())).as("forgotten: answered again").isNull();
        assertThat(answered.duplicates()).isZero();
    }
}
