package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.crud.AttributeSet;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Loads the seed into a fresh simulated cluster through the API (so the CRUD store indexes every object the way it
 * indexes kubectl's), then gives each object back the identity the seed gave it. fabric8's mock assigns every created
 * object a new sequential UID, {@code creationTimestamp = now} and {@code generation = 1}; the seed's events point
 * at their pod by UID ({@code involvedObject.uid}), the ingest service keys records by UID, and ages should read as
 * in the incident, so those three fields are restored in the store before anyone can watch.
 */
final class Seeder {

    private static final List<String> IDENTITY_FIELDS = List.of("uid", "creationTimestamp", "generation");

    private final KubernetesClient client;
    private final ObjectMapper json;

    Seeder(KubernetesClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /** Creates the seed's namespaces and items, then restores their identities in {@code store}. */
    void seed(List<ObjectNode> items, Map<AttributeSet, String> store) {
        Map<String, ObjectNode> identities = new HashMap<>();
        createNamespaces(items, identities);
        for (ObjectNode item : items) {
            ObjectNode metadata = (ObjectNode) item.path("metadata");
            identities.put(identityKey(item), metadata.deepCopy());
            // the API server refuses a create that names a resourceVersion; the mock assigns its own
            metadata.remove("resourceVersion");
            HasMetadata resource;
            try {
                resource = client.getKubernetesSerialization().unmarshal(json.writeValueAsString(item));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot read a seed item", e);
            }
            client.resource(resource).create();
        }
        restoreIdentities(identities, store);
    }

    /** Every namespace the seed uses plus default and kube-system, as old as the oldest seeded object. */
    private void createNamespaces(List<ObjectNode> items, Map<String, ObjectNode> identities) {
        TreeSet<String> namespaces = new TreeSet<>(List.of("default", "kube-system"));
        Instant oldest = Instant.now();
        for (ObjectNode item : items) {
            JsonNode metadata = item.path("metadata");
            if (metadata.hasNonNull("namespace")) {
                namespaces.add(metadata.get("namespace").asText());
            }
            oldest = Ages.instant(metadata.get("creationTimestamp")).filter(oldest::isAfter).orElse(oldest);
        }
        for (String namespace : namespaces) {
            client.namespaces().resource(new NamespaceBuilder()
                    .withNewMetadata().withName(namespace).endMetadata()
                    .withNewStatus().withPhase("Active").endStatus()
                    .build()).create();
            ObjectNode identity = json.createObjectNode();
            identity.put("uid", UUID.nameUUIDFromBytes(("namespace/" + namespace).getBytes()).toString());
            identity.put("creationTimestamp", oldest.toString());
            identities.put("Namespace//" + namespace, identity);
        }
    }

    private void restoreIdentities(Map<String, ObjectNode> identities, Map<AttributeSet, String> store) {
        for (Map.Entry<AttributeSet, String> entry : store.entrySet()) {
            try {
                ObjectNode stored = (ObjectNode) json.readTree(entry.getValue());
                ObjectNode seeded = identities.get(identityKey(stored));
                if (seeded == null) {
                    continue;
                }
                ObjectNode metadata = (ObjectNode) stored.path("metadata");
                IDENTITY_FIELDS.stream().filter(seeded::hasNonNull).forEach(f -> metadata.set(f, seeded.get(f)));
                entry.setValue(json.writeValueAsString(stored));
            } catch (JsonProcessingException | ClassCastException e) {
                throw new IllegalStateException("the simulated cluster's store holds an unreadable object", e);
            }
        }
    }

    private static String identityKey(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        return object.path("kind").asText() + "/" + metadata.path("namespace").asText() + "/"
                + metadata.path("name").asText();
    }
}
