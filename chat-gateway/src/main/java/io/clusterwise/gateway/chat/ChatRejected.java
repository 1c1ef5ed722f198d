package io.clusterwise.gateway.chat;

import org.apache.kafka.common.TopicPartition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

/**
 * A chat or diagnose request the gateway refuses before anything is sent to the worker; rendered as an RFC 9457
 * problem detail.
 */
final class ChatRejected extends ErrorResponseException {

    private ChatRejected(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    static ChatRejected invalid(String detail) {
        return new ChatRejected(HttpStatus.BAD_REQUEST, "Invalid question", detail);
    }

    /** 400 for a conversationId this instance does not know (see DESIGN.md, "Conversations"). */
    static ChatRejected unknownConversation(String conversationId, Duration idleTimeout) {
        return new ChatRejected(HttpStatus.BAD_REQUEST, "Unknown conversation", "conversation '" + conversationId
                + "' is not known to this gateway: it was idle longer than " + idleTimeout
                + " (clusterwise.gateway.conversations.idle-timeout), the gateway restarted, or it was started on"
                + " another gateway instance; leave conversationId out to start a new conversation");
    }

    /** 503 until the reply consumer is positioned: a reply to a request sent now could be missed. */
    static ChatRejected notReading(TopicPartition replyPartition) {
        return unavailable("Not ready", "this gateway is not yet reading its reply partition " + replyPartition
                + ", so an answer could be missed; try again in a moment");
    }

    /** 503 with {@code Retry-After}, for a condition that passes by itself (start-up, a burst of questions). */
    static ChatRejected unavailable(String title, String detail) {
        ChatRejected rejected = new ChatRejected(HttpStatus.SERVICE_UNAVAILABLE, title, detail);
        rejected.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return rejected;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
