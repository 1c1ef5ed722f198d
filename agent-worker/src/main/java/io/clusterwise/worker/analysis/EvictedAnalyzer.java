package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Set;

/**
 * A pod evicted by its node: kubelet's {@code Evicted} event ("The node was low on resource: memory. …") or a failed
 * pod whose status reason is {@code Evicted}. Pods evicted from a NotReady or pressured node are correlated into that
 * node's incident.
 */
final class EvictedAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "evicted";
    }

    @Override
    public String name() {
        return "Evicted";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("Evicted");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return (EventText.isStatus(e) || EventText.isWarningEvent(e)) && EventText.reasonIs(e, "Evicted");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        String why = evidence.stream().map(ClusterEvent::message)
                .filter(m -> m != null && m.contains("low on resource")).findFirst()
                .map(m -> m.replaceFirst("(?s)^.*?(low on resource: [A-Za-z-]+).*$", "$1")).orElse("");
        return "was evicted" + (why.isEmpty() ? "" : " (node " + why + ")");
    }

    @Override
    public Set<String> resolvingReasons() {
        return Set.of();
    }
}
