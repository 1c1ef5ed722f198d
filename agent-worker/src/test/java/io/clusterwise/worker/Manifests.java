package io.clusterwise.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.WireJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Object snapshots as ingest publishes them on {@code cluster.state}: the {@code kubectl get -o json} objects in
 * {@code src/test/resources/manifests}, with the owner chain given (ingest resolves it; e.g. ReplicaSet then
 * Deployment).
 */
public final class Manifests {

    public static final Instant OBSERVED = Instant.parse("2026-11-20T09:50:00Z");

    private Manifests() {
    }

    public static JsonNode json(String name) {
        try (InputStream in = Manifests.class.getResourceAsStream("/manifests/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no manifest " + name);
            }
            return WireJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectSnapshot snapshot(String name, ObjectRef... owners) {
        return snapshot(json(name), OBSERVED, owners);
    }

    public static ObjectSnapshot snapshot(JsonNode manifest, Instant observedAt, ObjectRef... owners) {
        return new ObjectSnapshot(ref(manifest), List.of(owners),
                manifest.path("metadata").path("resourceVersion").asText("1"), observedAt, manifest);
    }

    public static ObjectRef ref(JsonNode manifest) {
        JsonNode meta = manifest.path("metadata");
        return new ObjectRef(manifest.path("kind").asText(), meta.hasNonNull("namespace")
                ? meta.path("namespace").asText() : null, meta.path("name").asText(), meta.path("uid").asText());
    }

    /** The owner chain of a Deployment's pod: its ReplicaSet (from the manifest), then the Deployment. */
    public static ObjectRef[] deploymentChain(String namespace, String deployment, String replicaSet) {
        List<ObjectRef> chain = new ArrayList<>();
        chain.add(new ObjectRef("ReplicaSet", namespace, replicaSet, "rs-" + replicaSet));
        chain.add(new ObjectRef("Deployment", namespace, deployment, "d-" + deployment));
        return chain.toArray(ObjectRef[]::new);
    }
}
