package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.Topic;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One chat: register the stream, announce it ({@code meta}), send the question; the replies finish the stream. */
@Component
class ChatExchange {

    private final ReplyConsumerState replies;
    private final PendingAnswers pending;
    private final QuestionSender sender;
    private final Conversations conversations;

    ChatExchange(ReplyConsumerState replies, PendingAnswers pending, QuestionSender sender,
                 Conversations conversations) {
        this.replies = replies;
        this.pending = pending;
        this.sender = sender;
        this.conversations = conversations;
    }

    SseEmitter ask(AcceptedQuestion accepted) {
        List<ChatQuestion.Turn> history = accepted.startsConversation() ? List.of()
                : conversations.history(accepted.conversationId())
                .orElseThrow(() -> ChatRejected.unknownConversation(accepted.conversationId(),
                        conversations.idleTimeout()));
        if (!replies.isPositioned()) {
            throw ChatRejected.notReading(replies.partition());
        }
        String questionId = UUID.randomUUID().toString();
        String conversationId = accepted.startsConversation() ? conversations.start() : accepted.conversationId();
        PendingAnswer answer = pending.open(questionId, conversationId, accepted.question());
        answer.meta(history.size());
        ChatQuestion question = new ChatQuestion(questionId, conversationId, accepted.question(), Instant.now(),
                history);
        try {
            sender.send(question).whenComplete((sent, failure) -> {
                if (failure != null) {
                    answer.fail(cannotSend(failure));
                }
            });
        } catch (RuntimeException e) {
            answer.fail(cannotSend(e));
        }
        return answer.emitter();
    }

    private static String cannotSend(Throwable failure) {
        return cannotSend("the question", failure);
    }

    /** "could not send {what} to agent.questions: {the root cause}". */
    static String cannotSend(String what, Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "could not send " + what + " to " + Topic.AGENT_QUESTIONS.topicName() + ": "
                + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
