package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;

/** A Service that selects pods but whose EndpointSlices hold no ready endpoint: requests to it fail. */
final class ServiceEndpointsAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "service-endpoints";
    }

    @Override
    public String name() {
        return "NoReadyEndpoints";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("NoReadyEndpoints");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return EventText.isStatus(e) && EventText.reasonIs(e, "NoReadyEndpoints");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        return "has no ready endpoints: none of the pods it selects is ready";
    }
}
