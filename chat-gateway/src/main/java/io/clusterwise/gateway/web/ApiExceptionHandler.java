package io.clusterwise.gateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/**
 * Every error of the HTTP API as an RFC 9457 problem detail ({@code application/problem+json}). Spring's own details
 * are kept where they already say what is wrong (e.g. 415 names the content type); an unreadable body gets a detail
 * that says what was expected.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final String EXPECTED_QUESTION =
            "{\"question\": \"...\", \"conversationId\": \"...\" (optional)}";
    private static final String EXPECTED_SUPPRESSION =
            "{\"fingerprint\": \"...\" or \"pattern\": \"...\", \"reason\": \"...\", \"ttl\": \"PT24H\" (optional)}";
    private static final int MAX_PARSER_MESSAGE = 200;

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "";
        String expected = path.startsWith("/api/suppressions") ? EXPECTED_SUPPRESSION : EXPECTED_QUESTION;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex, expected));
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<Object> handleBodyTooLarge(BodyTooLargeException ex, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
        problem.setTitle("Request body too large");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.CONTENT_TOO_LARGE, request);
    }

    /**
     * Every problem leaves as HTML-safe JSON ({@link GatewayJson}): a detail may quote what the client sent (a
     * conversation id, a namespace, a ttl), and must not carry it back as markup.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> entity = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (entity == null || !(entity.getBody() instanceof ProblemDetail problem)) {
            return entity;
        }
        if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
            try {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            } catch (IllegalArgumentException e) {
                // a path java.net.URI does not take: the problem goes without its instance
            }
        }
        HttpHeaders out = new HttpHeaders();
        out.putAll(entity.getHeaders());
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(GatewayJson.write(problem), out, entity.getStatusCode());
    }

    static String describe(HttpMessageNotReadableException ex, String expected) {
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        if (message.startsWith("Required request body is missing")) {
            return "the request body is missing; send JSON " + expected;
        }
        return "the request body is not JSON of the form " + expected + ": " + parserMessage(ex);
    }

    /** The parser's own first line (e.g. "Unexpected character ('}' ...)"), without the echoed source. */
    private static String parserMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String firstLine = text.lines().findFirst().orElse(text).strip();
        return firstLine.length() > MAX_PARSER_MESSAGE ? firstLine.substring(0, MAX_PARSER_MESSAGE) + "…" : firstLine;
    }
}
