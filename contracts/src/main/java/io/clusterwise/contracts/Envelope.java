package io.clusterwise.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The versioned envelope around every record on a clusterwise topic (CloudEvents-style).
 *
 * @param schemaVersion version of this envelope and its payload; readers reject versions they do not know
 * @param id            unique id of this record
 * @param time          when the fact happened (not when it was sent)
 * @param source        the cluster name
 * @param type          the payload's wire tag, from {@link PayloadType}
 * @param subject       what the record is about, e.g. {@code Pod/demo/greeter-abc} or a conversation id
 * @param data          the payload
 */
public record Envelope<T extends Payload>(int schemaVersion, String id, Instant time, String source, String type,
                                          String subject, T data) {

    public static final int SCHEMA_VERSION = 1;

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static <T extends Payload> Envelope<T> of(String source, String subject, Instant time, T data) {
        return of(UUID.randomUUID().toString(), source, subject, time, data);
    }

    /** An envelope with an id the caller made (e.g. from a faster generator than {@link UUID#randomUUID()}). */
    public static <T extends Payload> Envelope<T> of(String id, String source, String subject, Instant time, T data) {
        return new Envelope<>(SCHEMA_VERSION, id, time, source, PayloadType.of(data).tag(), subject, data);
    }

    public static <T extends Payload> Envelope<T> of(String source, String subject, T data) {
        return of(source, subject, Instant.now(), data);
    }
}
