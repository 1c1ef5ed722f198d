package io.clusterwise.gateway.chat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerAttemptsTest {

    private final AnswerAttempts attempts = new AnswerAttempts();

    @Test
    void shouldRestartOnceAndDropTheFirstAnswerWhenASecondWorkerTakesTheQuestionOver() {
        assertThat(attempts.chunkOf("a/1")).isEqualTo(AnswerAttempts.Step.FOLLOW);
        assertThat(attempts.chunkOf("a/1")).isEqualTo(AnswerAttempts.Step.FOLLOW);
        assertThat(attempts.chunkOf("b/1")).isEqualTo(AnswerAttempts.Step.RESTART);
        assertThat(attempts.chunkOf("a/1")).isEqualTo(AnswerAttempts.Step.ABANDONED);
        assertThat(attempts.chunkOf("b/1")).isEqualTo(AnswerAttempts.Step.FOLLOW);
    }

    @Test
    void shouldTakeEveryChunkAsOneAnswerWhenAnOlderWorkerSendsNoAnswerId() {
        assertThat(attempts.chunkOf(null)).isEqualTo(AnswerAttempts.Step.FOLLOW);
        assertThat(attempts.chunkOf(null)).isEqualTo(AnswerAttempts.Step.FOLLOW);
    }
}
