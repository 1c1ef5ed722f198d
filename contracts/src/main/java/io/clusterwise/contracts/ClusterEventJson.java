package io.clusterwise.contracts;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The ingest's hot path: {@code Envelope<ClusterEvent>} written field by field with Jackson's streaming generator,
 * to the very bytes {@link WireJson}'s mapper writes for it (same fields, same order, nulls left out, the derived
 * {@code warning} flag included) — {@code WireJsonTest} compares both on every shape of event. The mapper's
 * per-record serializer look-ups, bean walk and output copies were most of the JSON's cost (ingest benchmark).
 * Reading stays with the mapper. Keep this in step with {@link ClusterEvent}, {@link ObjectRef} and
 * {@link Envelope}: a field added there and not here fails that test.
 */
final class ClusterEventJson {

    /** Per-thread output buffer, reused (a record is written on one thread, start to end). */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private final JsonFactory factory;

    ClusterEventJson(JsonFactory factory) {
        this.factory = factory;
    }

    byte[] write(Envelope<?> envelope, ClusterEvent event) throws IOException {
        Output out = OUTPUT.get();
        out.reset();
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", envelope.schemaVersion());
            g.writeStringField("id", envelope.id());
            instant(g, "time", envelope.time());
            g.writeStringField("source", envelope.source());
            g.writeStringField("type", envelope.type());
            string(g, "subject", envelope.subject());
            g.writeFieldName("data");
            event(g, event);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void event(JsonGenerator g, ClusterEvent e) throws IOException {
        g.writeStartObject();
        string(g, "eventUid", e.eventUid());
        if (e.origin() != null) {
            g.writeStringField("origin", e.origin().name());
        }
        if (e.involvedObject() != null) {
            g.writeFieldName("involvedObject");
            ref(g, e.involvedObject());
        }
        List<ObjectRef> owners = e.owners();
        g.writeArrayFieldStart("owners");
        for (ObjectRef owner : owners) {
            if (owner == null) {
                g.writeNull();
            } else {
                ref(g, owner);
            }
        }
        g.writeEndArray();
        string(g, "reason", e.reason());
        string(g, "message", e.message());
        if (e.type() != null) {
            g.writeStringField("type", e.type().name());
        }
        g.writeNumberField("count", e.count());
        instant(g, "firstSeen", e.firstSeen());
        instant(g, "lastSeen", e.lastSeen());
        string(g, "reportingComponent", e.reportingComponent());
        string(g, "resourceVersion", e.resourceVersion());
        ClusterEvent.ContainerFacts c = e.container();
        if (c != null) {
            g.writeObjectFieldStart("container");
            string(g, "name", c.name());
            string(g, "waitingReason", c.waitingReason());
            string(g, "lastTerminationReason", c.lastTerminationReason());
            if (c.lastExitCode() != null) {
                g.writeNumberField("lastExitCode", c.lastExitCode().intValue());
            }
            instant(g, "lastFinishedAt", c.lastFinishedAt());
            g.writeNumberField("restartCount", c.restartCount());
            g.writeBooleanField("ready", c.ready());
            g.writeEndObject();
        }
        g.writeBooleanField("warning", e.isWarning());
        g.writeEndObject();
    }

    private static void ref(JsonGenerator g, ObjectRef ref) throws IOException {
        g.writeStartObject();
        string(g, "kind", ref.kind());
        string(g, "namespace", ref.namespace());
        string(g, "name", ref.name());
        string(g, "uid", ref.uid());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static void instant(JsonGenerator g, String field, Instant value) throws IOException {
        if (value != null) {
            g.writeFieldName(field);
            IsoInstants.write(value, g);
        }
    }

    /** A {@link ByteArrayOutputStream} whose buffer is kept between records. */
    private static final class Output extends ByteArrayOutputStream {
        Output() {
            super(2048);
        }

        @Override
        public void reset() {
            if (buf.length > 65_536) {
                buf = new byte[2048]; // one huge record does not pin its buffer to the thread
            }
            super.reset();
        }
    }
}
