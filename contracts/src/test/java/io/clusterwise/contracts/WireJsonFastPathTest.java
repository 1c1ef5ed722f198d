package io.clusterwise.contracts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written paths of {@link WireJson} ({@code Envelope<ClusterEvent>} and instants) must write exactly what
 * the mapper's bean walk and {@link DateTimeFormatter#ISO_INSTANT} write: the readers (and every record already on
 * the topics) know only that shape.
 */
class WireJsonFastPathTest {

    private static final String[] TEXTS = {"", "BackOff", "Back-off restarting failed container \"greeter\"",
            "<script>alert('x')</script> & </b>", "tab\tnew\nline\r\u0000\u001f\u007f", "ünïcödé — 日本語 🚀 \ud83d",
            "back\\slash \\\" quoted", "x".repeat(9_000), "password=*** token: ***"};

    @Test
    void shouldWriteClusterEventEnvelopesExactlyAsTheMapperWhenFieldsVary() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            Envelope<ClusterEvent> envelope = Envelope.of("id-" + i, text(random), random.nextBoolean() ? null
                    : text(random), instant(random), event(random));
            byte[] fast = WireJson.write(envelope);
            byte[] mapper = WireJson.writeWithMapper(envelope);
            assertThat(new String(fast, StandardCharsets.UTF_8))
                    .as("event %d", i).isEqualTo(new String(mapper, StandardCharsets.UTF_8));
            assertThat(fast).isEqualTo(mapper);
        }
    }

    @Test
    void shouldReadBackWhatTheFastPathWroteWhenRoundTripped() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            ClusterEvent event = event(random);
            Envelope<ClusterEvent> envelope = Envelope.of("id-" + i, "kind-dev", "Pod/demo/x", instant(random), event);
            Envelope<Payload> read = WireJson.read(Topic.CLUSTER_EVENTS, WireJson.write(envelope));
            assertThat(read.data()).isEqualTo(event);
            assertThat(read.time()).isEqualTo(envelope.time());
        }
    }

    @Test
    void shouldReadInstantsExactlyAsJsr310WhenAnyText() throws Exception {
        ObjectMapper jsr310 = JsonMapper.builder().addModule(new JavaTimeModule()).build();
        List<String> texts = new ArrayList<>(List.of("\"2026-11-25T10:15:30Z\"", "\"2026-11-25T10:15:30.5Z\"",
                "\"2026-11-25T10:15:30.123456789Z\"", "\"2024-02-29T00:00:00Z\"", "\"2023-02-29T00:00:00Z\"",
                "\"2026-04-31T00:00:00Z\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-25T24:00:00Z\"",
                "\"2026-11-25T23:59:60Z\"", "\"2026-11-25T10:15:30.1234567890Z\"", "\"2026-11-25T10:15:30.Z\"",
                "\"2026-11-25T10:15:30+01:00\"", "\"2026-11-25t10:15:30z\"", "\"2026-11-25 10:15:30Z\"",
                "\"+12026-11-25T10:15:30Z\"", "\"0000-01-01T00:00:00Z\"", "\"2026-1a-25T10:15:30Z\"", "\"\"",
                "1764065730", "1764065730.5", "null", "\"not a time\""));
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            texts.add("\"" + DateTimeFormatter.ISO_INSTANT.format(instant(random)) + "\"");
        }
        for (String text : texts) {
            byte[] json = text.getBytes(StandardCharsets.UTF_8);
            Object expected;
            try {
                expected = jsr310.readValue(json, Instant.class);
            } catch (Exception e) {
                expected = "refused";
            }
            Object actual;
            try {
                actual = WireJson.mapper().readValue(json, Instant.class);
            } catch (Exception e) {
                actual = "refused";
            }
            assertThat(actual).as(text).isEqualTo(expected);
        }
    }

    @Test
    void shouldWriteInstantsAsIsoInstantWhenAnyInstant() {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("2024-02-29T23:59:00Z"),
                Instant.parse("1969-12-31T23:59:59.000000001Z"), Instant.parse("2026-11-25T18:09:00.500Z"),
                Instant.parse("2026-11-25T18:09:00.000500Z"), Instant.parse("2000-03-01T00:00:00Z"),
                Instant.parse("1900-02-28T12:00:00Z"), Instant.MIN, Instant.MAX,
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z")));
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            instants.add(instant(random));
        }
        for (Instant instant : instants) {
            assertThat(WireJson.writeString(instant))
                    .as("%s", instant).isEqualTo("\"" + DateTimeFormatter.ISO_INSTANT.format(instant) + "\"");
        }
    }

    private static ClusterEvent event(Random random) {
        List<ObjectRef> owners = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            owners.add(ref(random));
        }
        ClusterEvent.ContainerFacts container = random.nextInt(3) == 0 ? null : new ClusterEvent.ContainerFacts(
                text(random), maybe(random), maybe(random), random.nextBoolean() ? null : random.nextInt() % 256,
                random.nextBoolean() ? null : instant(random), random.nextInt(1000), random.nextBoolean());
        return new ClusterEvent(maybe(random), random.nextInt(5) == 0 ? null
                : ClusterEvent.Origin.values()[random.nextInt(2)], random.nextInt(8) == 0 ? null : ref(random), owners,
                maybe(random), maybe(random), random.nextInt(5) == 0 ? null : EventType.values()[random.nextInt(2)],
                random.nextInt(), random.nextBoolean() ? null : instant(random),
                random.nextBoolean() ? null : instant(random), maybe(random), maybe(random), container);
    }

    private static ObjectRef ref(Random random) {
        return new ObjectRef(maybe(random), maybe(random), maybe(random), maybe(random));
    }

    private static String maybe(Random random) {
        return random.nextInt(4) == 0 ? null : text(random);
    }

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)] + (random.nextBoolean() ? "" : Integer.toString(random.nextInt()));
    }

    /** Years 0000–9999 mostly (the fast path), some outside; every kind of fraction. */
    private static Instant instant(Random random) {
        long seconds = random.nextInt(10) == 0 ? random.nextLong() % 400_000_000_000L
                : -62_167_219_200L + Math.floorMod(random.nextLong(), 315_569_520_000L);
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
