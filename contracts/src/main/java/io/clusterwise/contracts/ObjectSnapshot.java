package io.clusterwise.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The current state of one watched Kubernetes object, on the compacted {@code cluster.state} topic, keyed by the
 * object's UID (a tombstone when the object is deleted).
 * <p>
 * {@code manifest} is the object as the API server returns it ({@code apiVersion}, {@code kind}, {@code metadata},
 * {@code spec}, {@code status}), trimmed and redacted by ingest: no {@code managedFields}, no
 * {@code last-applied-configuration}, no env values, no ConfigMap data, credentials masked. Readers may turn it back
 * into their client's model type (e.g. fabric8's {@code Serialization.unmarshal}).
 *
 * @param object          the object
 * @param owners          the owner chain, nearest first, where known (e.g. ReplicaSet then Deployment)
 * @param resourceVersion the object's resourceVersion this snapshot was taken at
 * @param observedAt      when ingest saw this version (the object's own timestamps when replayed from a dump)
 * @param manifest        the trimmed, redacted object
 */
public record ObjectSnapshot(ObjectRef object, List<ObjectRef> owners, String resourceVersion, Instant observedAt,
                             JsonNode manifest) implements Payload {

    public ObjectSnapshot {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(manifest, "manifest");
        owners = owners == null ? List.of() : List.copyOf(owners);
    }
}
