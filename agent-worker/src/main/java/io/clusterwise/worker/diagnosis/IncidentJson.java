package io.clusterwise.worker.diagnosis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clusterwise.contracts.IncidentReport;
import io.clusterwise.contracts.WireJson;

import java.util.List;

/**
 * The JSON form of incidents for {@code clusterwise diagnose --json}: an array of {@link IncidentReport}s (the shape a
 * {@code DiagnoseReply} carries too), one per incident, with {@code analyzer, severity, namespace, kind, name, reason,
 * count, firstSeen, lastSeen, summary, evidence} and, beyond those, {@code fingerprint}, {@code scope} and
 * {@code affected}; absent values are written as {@code null}. One conversion ({@link Incident#report()}), written by
 * the shared mapper.
 */
public final class IncidentJson {

    private IncidentJson() {
    }

    public static List<IncidentReport> reports(List<Incident> incidents) {
        return incidents.stream().map(Incident::report).toList();
    }

    public static ArrayNode toJson(List<Incident> incidents) {
        return WireJson.mapper().valueToTree(reports(incidents));
    }

    public static String write(List<Incident> incidents) {
        try {
            return WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(reports(incidents));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write incidents as JSON", e);
        }
    }
}
