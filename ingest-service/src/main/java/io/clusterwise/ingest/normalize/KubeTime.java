package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.IsoInstants;
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
        // the form the API server writes (2026-11-20T09:04:51Z, MicroTime 2026-11-20T09:04:51.123456Z) without the
        // general parser, which costs more than the rest of an Event's normalization; offsets and odd widths below
        Instant utc = IsoInstants.parse(timestamp);
        if (utc != null) {
            return utc;
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
        for (Instant candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    static Instant earliest(Instant... candidates) {
        return Arrays.stream(candidates).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    static Instant latest(Instant... candidates) {
        return Arrays.stream(candidates).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }
}
