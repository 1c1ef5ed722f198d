package io.clusterwise.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Instants on the wire exactly as {@link DateTimeFormatter#ISO_INSTANT} writes them (e.g.
 * {@code 2026-11-25T18:09:00Z}, {@code 2026-11-25T18:09:00.500Z}: the fraction in groups of three digits, only as
 * many as needed), without that formatter's per-call objects — every cluster event carries three instants and the
 * formatter was a sixth of the ingest's sending thread. Years outside 0000–9999 go through the formatter itself.
 * {@link #parse} reads that form back (the wire's readers, and the ingest for the API server's timestamps, which
 * have the same form).
 */
public final class IsoInstants {

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
        LocalDate date = LocalDate.ofEpochDay(days);
        int year = date.getYear();
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
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

    /**
     * Reads what {@link #format} writes ({@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, 1–9 fraction digits, a valid date and
     * time); null for any other text, which the caller hands to the general parser.
     */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > MAX_LENGTH || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if (year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null; // no such date (month 13, February 30th, a non-digit)
        }
        int nanos = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            nanos = number(text, 20, digits);
            if (nanos < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The decimal number of {@code width} ASCII digits at {@code at}; -1 when any is not a digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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

    /**
     * The mapper's deserializer for {@link Instant}: the canonical text through {@link #parse}, everything else
     * (other offsets, numbers, leap seconds, errors) through jackson-datatype-jsr310's, as before.
     */
    static final class Deserializer extends StdDeserializer<Instant> {
        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant instant = parse(parser.getText());
                if (instant != null) {
                    return instant;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
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
