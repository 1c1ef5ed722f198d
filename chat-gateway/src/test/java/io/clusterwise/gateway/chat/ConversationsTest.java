package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatQuestion.Role;
import io.clusterwise.contracts.ChatQuestion.Turn;
import io.clusterwise.gateway.GatewayProperties;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationsTest {

    private Instant now = Instant.parse("2026-01-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private Conversations conversations(int max, int turns, Duration idle) {
        return new Conversations(new GatewayProperties.Conversations(max, turns, idle), clock);
    }

    @Test
    void shouldSendOnlyTheLatestTurnsOldestFirstWhenAConversationGrowsPastTheLimit() {
        Conversations conversations = conversations(10, 4, Duration.ofHours(1));
        String id = conversations.start();
        assertThat(conversations.history(id)).contains(java.util.List.of());
        conversations.record(id, "q1", "a1");
        conversations.record(id, "q2", "a2");
        conversations.record(id, "q3", "a3");

        assertThat(conversations.history(id).orElseThrow()).containsExactly(
                new Turn(Role.USER, "q2"), new Turn(Role.ASSISTANT, "a2"),
                new Turn(Role.USER, "q3"), new Turn(Role.ASSISTANT, "a3"));
    }

    @Test
    void shouldForgetAConversationWhenItWasIdleLongerThanTheTimeout() {
        Conversations conversations = conversations(10, 4, Duration.ofMinutes(30));
        String id = conversations.start();
        now = now.plus(Duration.ofMinutes(29));
        assertThat(conversations.history(id)).isPresent(); // using it keeps it alive
        now = now.plus(Duration.ofMinutes(29));
        assertThat(conversations.history(id)).isPresent();
        now = now.plus(Duration.ofMinutes(30));
        assertThat(conversations.history(id)).isEmpty();
        conversations.record(id, "late question", "late answer");
        assertThat(conversations.history(id)).isEmpty();
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedConversationWhenMoreThanTheMaximumAreKept() {
        Conversations conversations = conversations(2, 4, Duration.ofHours(1));
        String first = conversations.start();
        String second = conversations.start();
        conversations.history(first);
        String third = conversations.start();

        assertThat(conversations.size()).isEqualTo(2);
        assertThat(conversations.history(second)).isEmpty();
        assertThat(conversations.history(first)).isPresent();
        assertThat(conversations.history(third)).isPresent();
    }

    @Test
    void shouldKnowNoConversationWhenTheIdWasNeverStartedHere() {
        assertThat(conversations(10, 4, Duration.ofHours(1)).history("started-elsewhere")).isEmpty();
    }

    @Test
    void shouldCutALongAnswerWhenItIsKeptAsHistory() {
        Conversations conversations = conversations(10, 4, Duration.ofHours(1));
        String id = conversations.start();
        conversations.record(id, "q", "x".repeat(Conversations.MAX_TURN_LENGTH + 500));
        String kept = conversations.history(id).orElseThrow().get(1).text();
        assertThat(kept).hasSize(Conversations.MAX_TURN_LENGTH + 1).endsWith("…");
    }
}
