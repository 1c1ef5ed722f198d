package io.clusterwise.ingest.redact;

/** A text with its secret-looking values masked, and how many were masked. */
public record Redaction(String text, int count) {
}
