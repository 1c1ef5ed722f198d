package io.clusterwise.gateway.chat;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A chat request the gateway refuses before any stream starts; rendered as an RFC 9457 problem detail. */
final class ChatRejected extends ErrorResponseException {

    private ChatRejected(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    static ChatRejected invalid(String detail) {
        return new ChatRejected(HttpStatus.BAD_REQUEST, "Invalid question", detail);
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
