package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.util.Map;

/**
 * A real API server serves every Event under both {@code v1} and {@code events.k8s.io/v1}; fabric8's CRUD store keeps
 * them apart. So every successful write of a core/v1 Event (the seed, the live incident, kubectl, a test) is written
 * again, converted, as an events.k8s.io/v1 Event of the same namespace and name, and a delete deletes both. The
 * ingest service prefers events.k8s.io/v1 when discovery offers it, as it does here.
 */
final class EventsV1Mirror {

    private static final Map<String, String> SAME_FIELDS = Map.of("reason", "reason", "type", "type",
            "action", "action", "eventTime", "eventTime", "related", "related",
            "reportingInstance", "reportingInstance", "series", "series");
    private static final Map<String, String> RENAMED_FIELDS = Map.of("involvedObject", "regarding", "message", "note",
            "count", "deprecatedCount", "firstTimestamp", "deprecatedFirstTimestamp",
            "lastTimestamp", "deprecatedLastTimestamp", "source", "deprecatedSource",
            "reportingComponent", "reportingController");

    private final SimulatedCrud crud;
    private final ObjectMapper json;

    EventsV1Mirror(SimulatedCrud crud, ObjectMapper json) {
        this.crud = crud;
        this.json = json;
    }

    /** After the CRUD store answered {@code request}: repeat a successful core/v1 Event write on events.k8s.io/v1. */
    void mirror(RecordedRequest request, ApiRequest api, MockResponse response) {
        if (!"v1".equals(api.groupVersion()) || !"events".equals(api.resource()) || api.subresource() != null
                || response.code() >= 300 || "GET".equalsIgnoreCase(request.getMethod())) {
            return;
        }
        if ("DELETE".equalsIgnoreCase(request.getMethod())) {
            if (api.name() != null) {
                crud.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.DELETE,
                        path(api.namespace(), api.name()), request.getHeaders(), new Buffer()));
            }
            return;
        }
        JsonNode stored;
        try {
            stored = json.readTree(response.getBody().getBytes());
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (!"Event".equals(stored.path("kind").asText())) {
            return;
        }
        String namespace = stored.path("metadata").path("namespace").asText(null);
        String name = stored.path("metadata").path("name").asText(null);
        byte[] body;
        try {
            body = json.writeValueAsBytes(toEventsV1(stored));
        } catch (IOException e) {
            return;
        }
        MockResponse replaced = crud.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT,
                path(namespace, name), request.getHeaders(), new Buffer(body)));
        if (replaced.code() == 404) {
            // the same UID under both APIs, as a real API server has it (the mock's create would give another)
            crud.createKeepingUid(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, path(namespace, null),
                    request.getHeaders(), new Buffer(body)), stored.path("metadata").path("uid").asText(null));
        }
    }

    private ObjectNode toEventsV1(JsonNode core) {
        ObjectNode v1 = json.createObjectNode();
        v1.put("apiVersion", "events.k8s.io/v1");
        v1.put("kind", "Event");
        ObjectNode metadata = core.path("metadata").deepCopy();
        metadata.remove("resourceVersion");
        v1.set("metadata", metadata);
        SAME_FIELDS.forEach((from, to) -> copy(core, from, v1, to));
        RENAMED_FIELDS.forEach((from, to) -> copy(core, from, v1, to));
        return v1;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field)) {
            to.set(as, from.get(field).deepCopy());
        }
    }

    private static String path(String namespace, String name) {
        return "/apis/events.k8s.io/v1/namespaces/" + namespace + "/events" + (name == null ? "" : "/" + name);
    }
}
