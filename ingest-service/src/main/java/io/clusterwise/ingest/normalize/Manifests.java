package io.clusterwise.ingest.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * An object as a trimmed manifest: what the API server returns, without the bulk diagnosis never needs
 * ({@code metadata.managedFields}, the {@code kubectl.kubernetes.io/last-applied-configuration} annotation, a node's
 * list of cached images). Status, conditions, container states, restart counts, owner references, node name,
 * resources and probes all stay.
 */
final class Manifests {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** A new, trimmed tree of {@code object} (the object itself is not touched). */
    static ObjectNode trimmed(HasMetadata object) {
        ObjectNode manifest = SERIALIZATION.convertValue(object, ObjectNode.class);
        JsonNode metadata = manifest.path("metadata");
        if (metadata instanceof ObjectNode meta) {
            meta.remove("managedFields");
            if (meta.path("annotations") instanceof ObjectNode annotations) {
                annotations.remove(LAST_APPLIED);
                if (annotations.isEmpty()) {
                    meta.remove("annotations");
                }
            }
        }
        if ("Node".equals(object.getKind()) && manifest.path("status") instanceof ObjectNode status) {
            status.remove("images");
        }
        return manifest;
    }

    /**
     * The latest timestamp the object itself carries (creation, last event, conditions, container states, …): when a dumped
     * object was last known to be in this state. Null when it has none.
     */
    static Instant latestTimestamp(JsonNode manifest) {
        Instant[] latest = {null};
        latestIn(manifest, latest);
        return latest[0];
    }

    private static boolean isTimeField(String name) {
        return name.endsWith("Time") || name.endsWith("At") || name.endsWith("Timestamp")
                && !name.equals("deletionTimestamp");
    }

    private static void latestIn(JsonNode node, Instant[] latest) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isTextual() && isTimeField(field.getKey())) {
                    Instant at = KubeTime.parse(value.asText());
                    if (at != null && (latest[0] == null || at.isAfter(latest[0]))) {
                        latest[0] = at;
                    }
                } else {
                    latestIn(value, latest);
                }
            }
        } else if (node.isArray()) {
            node.forEach(item -> latestIn(item, latest));
        }
    }
}
