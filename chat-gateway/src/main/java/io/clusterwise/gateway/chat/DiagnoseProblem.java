package io.clusterwise.gateway.chat;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;

/** How {@code GET /api/diagnose} and {@code GET /api/namespaces} fail, as RFC 9457 problem details. */
final class DiagnoseProblem extends ErrorResponseException {

    /** A namespace is echoed in a problem at most this long. */
    private static final int MAX_ECHO = 100;

    private DiagnoseProblem(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    /** 400: not a name Kubernetes could have given a namespace. */
    static DiagnoseProblem invalidNamespace(String namespace) {
        return new DiagnoseProblem(HttpStatus.BAD_REQUEST, "Invalid namespace", "namespace '" + echo(namespace)
                + "' is not a valid Kubernetes namespace name: at most " + NamespaceName.MAX_LENGTH
                + " lowercase letters, digits and '-', starting and ending with a letter or digit (an RFC 1123 label);"
                + " leave namespace out to diagnose the whole cluster");
    }

    /** 404: the worker's view of the cluster has no such namespace. */
    static DiagnoseProblem unknownNamespace(String namespace, int known) {
        return new DiagnoseProblem(HttpStatus.NOT_FOUND, "Unknown namespace", "namespace '" + namespace
                + "' is not in the cluster as the agent-worker sees it (" + known + " namespace"
                + (known == 1 ? "" : "s") + " known); GET /api/namespaces lists them");
    }

    /** 504: no worker answered in time. */
    static DiagnoseProblem noWorkerAnswered(Duration timeout) {
        return new DiagnoseProblem(HttpStatus.GATEWAY_TIMEOUT, "No answer", "no agent-worker answered within "
                + PendingAnswers.describe(timeout) + " (clusterwise.gateway.diagnose-timeout): is an agent-worker"
                + " running and reading agent.questions? GET /api/models lists the workers that reported recently");
    }

    /** 503: Kafka did not take the request. */
    static DiagnoseProblem cannotSend(Throwable failure) {
        DiagnoseProblem problem = new DiagnoseProblem(HttpStatus.SERVICE_UNAVAILABLE, "Kafka unavailable",
                ChatExchange.cannotSend("the diagnose request", failure));
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return problem;
    }

    private static String echo(String value) {
        String printable = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > MAX_ECHO ? printable.substring(0, MAX_ECHO) + "…" : printable;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
