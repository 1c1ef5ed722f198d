package io.clusterwise.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A Kubernetes object as the agent names it. {@code namespace} is null for cluster-scoped objects. */
public record ObjectRef(String kind, String namespace, String name, String uid) {

    /** {@code Kind/namespace/name}, or {@code Kind/name} when cluster-scoped. */
    @JsonIgnore
    public String path() {
        return namespace == null || namespace.isEmpty() ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }
}
