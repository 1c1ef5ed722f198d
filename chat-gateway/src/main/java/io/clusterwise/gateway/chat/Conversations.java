package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.gateway.GatewayProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The conversations this gateway instance started, by conversationId: the latest turns of each, sent along with every
 * follow-up question ({@link ChatQuestion#history()}). Bounded three ways: at most
 * {@code clusterwise.gateway.conversations.max} conversations (least recently used forgotten first), at most
 * {@code history-turns} turns each, and forgotten after {@code idle-timeout} without use. Kept in memory, per
 * instance — see DESIGN.md for what that means behind a load balancer.
 */
@Component
class Conversations {

    /** A stored answer is cut to this many characters: the worker budgets history anyway, memory must stay bounded. */
    static final int MAX_TURN_LENGTH = 4000;

    private static final class Conversation {
        private final Deque<ChatQuestion.Turn> turns = new ArrayDeque<>();
        private Instant lastUsed;

        Conversation(Instant now) {
            this.lastUsed = now;
        }
    }

    private final int maxConversations;
    private final int historyTurns;
    private final Duration idleTimeout;
    private final Clock clock;
    private final LinkedHashMap<String, Conversation> byId;

    @Autowired
    Conversations(GatewayProperties properties) {
        this(properties.gateway().conversations(), Clock.systemUTC());
    }

    Conversations(GatewayProperties.Conversations settings, Clock clock) {
        this.maxConversations = settings.max();
        this.historyTurns = settings.historyTurns();
        this.idleTimeout = settings.idleTimeout();
        this.clock = clock;
        this.byId = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Conversation> eldest) {
                return size() > maxConversations;
            }
        };
    }

    /** A new conversation, known from now on. */
    synchronized String start() {
        String id = UUID.randomUUID().toString();
        byId.put(id, new Conversation(clock.instant()));
        return id;
    }

    /**
     * The latest turns of a known conversation, oldest first, and marks it used.
     *
     * @return empty when this instance does not know the id (never started here, idle too long, or evicted)
     */
    synchronized Optional<List<ChatQuestion.Turn>> history(String conversationId) {
        Conversation conversation = live(conversationId);
        if (conversation == null) {
            return Optional.empty();
        }
        conversation.lastUsed = clock.instant();
        return Optional.of(List.copyOf(conversation.turns));
    }

    /** Adds a question and its answer; a conversation forgotten meanwhile stays forgotten. */
    synchronized void record(String conversationId, String question, String answer) {
        Conversation conversation = live(conversationId);
        if (conversation == null) {
            return;
        }
        add(conversation, new ChatQuestion.Turn(ChatQuestion.Role.USER, cut(question)));
        add(conversation, new ChatQuestion.Turn(ChatQuestion.Role.ASSISTANT, cut(answer)));
        conversation.lastUsed = clock.instant();
    }

    synchronized int size() {
        return byId.size();
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    private Conversation live(String conversationId) {
        Conversation conversation = byId.get(conversationId);
        if (conversation != null && !clock.instant().isBefore(conversation.lastUsed.plus(idleTimeout))) {
            byId.remove(conversationId);
            return null;
        }
        return conversation;
    }

    private void add(Conversation conversation, ChatQuestion.Turn turn) {
        conversation.turns.addLast(turn);
        while (conversation.turns.size() > historyTurns) {
            conversation.turns.removeFirst();
        }
    }

    private static String cut(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TURN_LENGTH ? text : text.substring(0, MAX_TURN_LENGTH) + "…";
    }
}
