package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Set;

/**
 * A node that stopped being Ready: the node controller's or kubelet's {@code NodeNotReady} event about a Node
 * ("Node worker-2 status is now: NodeNotReady"). Kubernetes records these as type Normal, so unlike the other
 * analyzers this one does not require a Warning. The per-pod "Node is not ready" events are left out: the node is the
 * problem, not each of its pods.
 */
final class NodeNotReadyAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "node-not-ready";
    }

    @Override
    public String name() {
        return "NodeNotReady";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("NodeNotReady");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return e.involvedObject() != null && "Node".equals(e.involvedObject().kind())
                && EventText.reasonIs(e, "NodeNotReady");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        return "is NotReady";
    }

    @Override
    public Set<String> resolvingReasons() {
        return Set.of("NodeReady");
    }
}
