package io.clusterwise.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Instants on the wire exactly as {@link DateTimeFormatter#ISO_INSTANT} writes them (e.g.
 * {@code 2026-11-25T18:09:00Z}, {@code 2026-11-25T18:09:00.500Z}: the fraction in groups of three digits, only as
 * many as needed), without that formatter's per-call objects — every cluster event carries three instants and the
 * formatter was a sixth of the ingest's sending thread. Years outside 0000–9999 go through the formatter itself.
 */
final class IsoInstants {

    /** Characters {@link #format} may write: {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
    static final int MAX_LENGTH = 30;
    private static final long FIRST = -62_167_219_200L; // 0000-01-01T00:00:00Z
    private static final long LAST = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private IsoInstants() {
    }

    /** Writes {@code instant} into {@code out} from index 0 and returns the length; -1 outside years 0000–9999. */
    static int format(Instant instant, char[] out) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST || seconds > LAST) {
            return -1;
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse, proleptic Gregorian)
        long z = days + 719_468L;
        long era = Math.floorDiv(z, 146_097L);
        long dayOfEra = z - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int at = 19;
        int nanos = instant.getNano();
        if (nanos != 0) {
            out[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(out, at, nanos / 1_000_000, 3);
                at += 3;
            } else if (nanos % 1_000 == 0) {
                digits(out, at, nanos / 1_000, 6);
                at += 6;
            } else {
                digits(out, at, nanos, 9);
                at += 9;
            }
        }
        out[at++] = 'Z';
        return at;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Writes an instant as a JSON string the way {@link #format} does. */
    static void write(Instant instant, JsonGenerator generator) throws IOException {
        char[] text = new char[MAX_LENGTH];
        int length = format(instant, text);
        if (length < 0) {
            generator.writeString(DateTimeFormatter.ISO_INSTANT.format(instant));
        } else {
            generator.writeString(text, 0, length);
        }
    }

    /** The mapper's serializer for {@link Instant} (in place of jackson-datatype-jsr310's, same text). */
    static final class Serializer extends StdSerializer<Instant> {
        Serializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            write(value, generator);
        }
    }
}
