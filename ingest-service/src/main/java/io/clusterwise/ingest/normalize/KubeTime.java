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
        Instant utc = parseUtc(timestamp);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(timestamp.strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The form the API server writes ({@code 2026-11-20T09:04:51Z}, MicroTime {@code 2026-11-20T09:04:51.123456Z})
     * without the general parser, which costs more than the rest of an Event's normalization; null for anything
     * else (offsets, odd widths), which the general parser then reads.
     */
    private static Instant parseUtc(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        int nanos = 0;
        if (n > 20) {
            if (t.charAt(19) != '.' || n - 21 > 9 || n - 21 < 1) {
                return null;
            }
            int fraction = digits(t, 20, n - 21);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POWERS_OF_TEN[9 - (n - 21)];
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (java.time.DateTimeException e) {
            return null; // e.g. February 30th
        }
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000, 1_000_000_000};

    /** The non-negative number in {@code t[from, from+count)}, or -1 when a character is not a digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
