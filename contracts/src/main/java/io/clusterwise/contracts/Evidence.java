package io.clusterwise.contracts;

import java.time.Instant;

/** One cited line of evidence: {@code id} is the short citation (e.g. {@code E3}) the model is asked to use. */
public record Evidence(String id, ObjectRef object, String reason, String message, Instant time) {
}
