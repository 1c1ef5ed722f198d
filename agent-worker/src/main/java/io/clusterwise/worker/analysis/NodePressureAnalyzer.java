package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A node under pressure: its MemoryPressure/DiskPressure/PIDPressure/NetworkUnavailable condition True (state), or
 * kubelet's {@code EvictionThresholdMet} Warning event about the node.
 */
final class NodePressureAnalyzer implements Analyzer {

    private static final Set<String> CONDITIONS = Set.of("MemoryPressure", "DiskPressure", "PIDPressure",
            "NetworkUnavailable");

    @Override
    public String id() {
        return "node-pressure";
    }

    @Override
    public String name() {
        return "NodePressure";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        Set<String> reasons = new java.util.HashSet<>(CONDITIONS);
        reasons.add("EvictionThresholdMet");
        return Set.copyOf(reasons);
    }

    @Override
    public boolean signals(ClusterEvent e) {
        boolean node = e.involvedObject() != null && "Node".equals(e.involvedObject().kind());
        return node && (EventText.isStatus(e) && CONDITIONS.contains(e.reason())
                || EventText.isWarningEvent(e) && EventText.reasonIs(e, "EvictionThresholdMet"));
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        String which = evidence.stream().map(ClusterEvent::reason).filter(CONDITIONS::contains).distinct().sorted()
                .collect(Collectors.joining(", "));
        return "is under pressure" + (which.isEmpty() ? " (eviction threshold met)" : " (" + which + ")");
    }

    @Override
    public Set<String> resolvingReasons() {
        return Set.of("NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID");
    }
}
