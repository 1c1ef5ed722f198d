package io.clusterwise.gateway.web;

/** A request body over {@code clusterwise.gateway.max-body-bytes}: answered 413 by {@link ApiExceptionHandler}. */
class BodyTooLargeException extends RuntimeException {

    private final int limit;

    BodyTooLargeException(int limit) {
        super("the request body is larger than " + limit + " bytes (clusterwise.gateway.max-body-bytes)");
        this.limit = limit;
    }

    int limit() {
        return limit;
    }
}
