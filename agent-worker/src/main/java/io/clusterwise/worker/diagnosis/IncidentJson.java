package io.clusterwise.worker.diagnosis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.WireJson;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of incidents for {@code clusterwise diagnose --json}: an array, one object per incident, with
 * {@code analyzer, severity, namespace, kind, name, reason, count, firstSeen, lastSeen, summary, evidence} and, beyond
 * those, {@code fingerprint}, {@code scope} and {@code affected}.
 */
public final class IncidentJson {

    private IncidentJson() {
    }

    public static ArrayNode toJson(List<Incident> incidents) {
        ArrayNode array = WireJson.mapper().createArrayNode();
        incidents.forEach(i -> array.add(toJson(i)));
        return array;
    }

    public static String write(List<Incident> incidents) {
        try {
            return WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(incidents));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write incidents as JSON", e);
        }
    }

    public static ObjectNode toJson(Incident i) {
        ObjectNode o = WireJson.mapper().createObjectNode();
        o.put("analyzer", i.analyzerId());
        o.put("severity", i.severity().name().toLowerCase(Locale.ROOT));
        o.put("namespace", i.subject().namespace());
        o.put("kind", i.subject().kind());
        o.put("name", i.subject().name());
        o.put("reason", i.reason());
        o.put("count", i.count());
        o.put("firstSeen", text(i.firstSeen()));
        o.put("lastSeen", text(i.lastSeen()));
        o.put("summary", i.summary());
        ArrayNode evidence = o.putArray("evidence");
        for (Evidence e : i.examples()) {
            ObjectNode line = evidence.addObject();
            line.put("object", e.object() == null ? null : e.object().path());
            line.put("reason", e.reason());
            line.put("message", e.message());
            line.put("time", text(e.time()));
        }
        o.put("fingerprint", i.fingerprint());
        o.put("scope", i.scope());
        ArrayNode affected = o.putArray("affected");
        i.affected().forEach(a -> affected.add(a.path()));
        return o;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
