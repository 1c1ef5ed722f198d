package io.clusterwise.ingest.normalize;

import io.fabric8.kubernetes.api.model.MicroTime;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/** Kubernetes timestamps (RFC 3339, with or without fractions) to {@link Instant}; unparseable means absent. */
final class KubeTime {

    private KubeTime() {
    }

    static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant parse(MicroTime time) {
        return time == null ? null : parse(time.getTime());
    }

    /** The first non-null of the candidates, or null. */
    static Instant firstOf(Instant... candidates) {
        return Arrays.stream(candidates).filter(Objects::nonNull).findFirst().orElse(null);
    }

    static Instant earliest(Instant... candidates) {
        return Arrays.stream(candidates).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    static Instant latest(Instant... candidates) {
        return Arrays.stream(candidates).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }
}
