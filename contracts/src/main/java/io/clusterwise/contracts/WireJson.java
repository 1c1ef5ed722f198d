package io.clusterwise.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;

import java.io.IOException;
import java.time.Instant;

/**
 * The one JSON mapping of clusterwise's wire records. Every service serializes and reads envelopes through this
 * class (directly or through {@link EnvelopeSerializer} / {@link EnvelopeDeserializer}); nothing else maps them.
 */
public final class WireJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // record accessors and constructors through generated lambdas instead of reflection: the same JSON,
            // cheaper per record (the ingest serializes every cluster event through here)
            .addModule(new BlackbirdModule())
            // instants written as ISO_INSTANT writes them and read in their canonical form without the formatter's
            // per-call objects (after the JavaTimeModule: a later module's (de)serializer wins)
            .addModule(new SimpleModule("clusterwise-instants").addSerializer(Instant.class, new IsoInstants.Serializer())
                    .addDeserializer(Instant.class, new IsoInstants.Deserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** Envelopes through a writer built once (its root serializer is resolved once, not per record). */
    private static final ObjectWriter ENVELOPE_WRITER = MAPPER.writerFor(Envelope.class);

    /** The ingest's hot path, {@code Envelope<ClusterEvent>}, written without the bean walk (same bytes). */
    private static final ClusterEventJson CLUSTER_EVENTS = new ClusterEventJson(MAPPER.getFactory());

    private WireJson() {
    }

    /** The shared mapper, for code that maps other clusterwise JSON (e.g. the HTTP API) the same way. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Envelope<?> envelope) {
        try {
            if (envelope.data() instanceof ClusterEvent event) {
                return CLUSTER_EVENTS.write(envelope, event);
            }
            return ENVELOPE_WRITER.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new WireFormatException("cannot serialize envelope " + envelope.id() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new WireFormatException("cannot serialize envelope " + envelope.id() + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #write} writes when it does not take the hot path: the mapper's own bean walk (for tests). */
    static byte[] writeWithMapper(Envelope<?> envelope) throws JsonProcessingException {
        return ENVELOPE_WRITER.writeValueAsBytes(envelope);
    }

    public static String writeString(Object value) {
        return writeString(MAPPER.writer(), value);
    }

    /** {@code value} as JSON text by {@code writer} (one made from {@link #mapper()}, with its own features). */
    public static String writeString(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new WireFormatException("cannot serialize " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Reads an envelope of any registered type. */
    public static Envelope<Payload> read(byte[] bytes) {
        return read(null, bytes);
    }

    /**
     * Reads an envelope and checks that {@code topic} (when known) carries its type.
     *
     * @throws WireFormatException naming what is wrong: not JSON, unknown type, unsupported schema version,
     *                             a type the topic does not carry, or a payload that does not match its type
     */
    public static Envelope<Payload> read(Topic topic, byte[] bytes) {
        if (bytes == null) {
            throw new WireFormatException("empty record" + where(topic));
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new WireFormatException("not JSON" + where(topic) + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WireFormatException("not a JSON object" + where(topic));
        }
        int version = root.path("schemaVersion").asInt(-1);
        if (version != Envelope.SCHEMA_VERSION) {
            throw new WireFormatException("unsupported schemaVersion " + root.path("schemaVersion")
                    + where(topic) + " (this reader knows " + Envelope.SCHEMA_VERSION + ")");
        }
        String tag = root.path("type").asText("");
        PayloadType type = PayloadType.fromTag(tag)
                .orElseThrow(() -> new WireFormatException("unknown type '" + tag + "'" + where(topic)));
        if (topic != null && !topic.carries(type)) {
            throw new WireFormatException("type '" + tag + "' does not belong on " + topic.topicName());
        }
        try {
            Payload data = MAPPER.treeToValue(root.get("data"), type.javaType());
            if (data == null) {
                throw new WireFormatException("envelope without data" + where(topic));
            }
            return new Envelope<>(version, root.path("id").asText(null), readInstant(root.get("time")),
                    root.path("source").asText(null), tag, root.path("subject").asText(null), data);
        } catch (IOException e) {
            throw new WireFormatException("bad '" + tag + "' payload" + where(topic) + ": " + e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new WireFormatException("envelope is missing a required field" + where(topic) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads any value mapped with the shared conventions. */
    public static <T> T readValue(byte[] bytes, Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new WireFormatException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static Instant readInstant(JsonNode node) throws IOException {
        return node == null || node.isNull() ? null : MAPPER.treeToValue(node, Instant.class);
    }

    private static String where(Topic topic) {
        return topic == null ? "" : " on " + topic.topicName();
    }
}
