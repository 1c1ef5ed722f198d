package io.clusterwise.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The answer to a {@link DiagnoseRequest}, on {@code agent.replies}.
 *
 * @param namespace      the namespace asked about, null for the whole cluster
 * @param namespaceKnown whether the worker's view of the cluster has that namespace (always true for the whole
 *                       cluster); when false, {@code incidents} is empty and the gateway answers 404
 * @param namespaces     every namespace the worker knows of, sorted (for a picker)
 * @param incidents      the current incidents in that namespace (or the cluster), most severe first
 * @param asOf           when the worker's view was taken
 */
public record DiagnoseReply(String requestId, String namespace, boolean namespaceKnown, List<String> namespaces,
                            List<IncidentReport> incidents, Instant asOf) implements Payload {

    public DiagnoseReply {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
    }
}
