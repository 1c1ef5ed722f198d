package io.clusterwise.gateway.suppressions;

/**
 * The body of {@code POST /api/suppressions}: exactly one of {@code fingerprint} (one episode) and {@code pattern}
 * (a glob over fingerprints, {@code *} = any run of characters); {@code ttl} an ISO-8601 duration such as
 * {@code PT8H} (default {@code clusterwise.gateway.suppressions.default-ttl}).
 */
record SuppressionRequest(String fingerprint, String pattern, String reason, String createdBy, String ttl) {
}
