package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ObjectRef;

import java.time.Instant;
import java.util.List;

/**
 * What the analyzers need of one object's current state ({@code cluster.state}), reduced from its manifest so that
 * holding the whole cluster stays small: its status facts (shaped like status records on {@code cluster.events}), the
 * node a pod runs on, and what the Service/EndpointSlice check needs.
 *
 * @param facts         current problems and healthy states, origin POD_STATUS, reporting component
 *                      {@link StateFacts#COMPONENT}
 * @param nodeName      a pod's {@code spec.nodeName}, else null
 * @param selectsPods   a Service that selects pods (has a selector, is not ExternalName)
 * @param sliceService  an EndpointSlice's {@code kubernetes.io/service-name}, else null
 * @param readyEndpoints an EndpointSlice's ready endpoints
 */
public record ObjectState(ObjectRef object, List<ObjectRef> owners, Instant observedAt, List<ClusterEvent> facts,
                          String nodeName, boolean selectsPods, String sliceService, int readyEndpoints) {

    public ObjectState {
        owners = owners == null ? List.of() : List.copyOf(owners);
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    public String key() {
        return object.uid() != null && !object.uid().isBlank() ? object.uid() : object.path();
    }
}
