package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;

/**
 * A Deployment, StatefulSet or DaemonSet with fewer available replicas than desired, from its state (Available or
 * Progressing False, e.g. {@code ProgressDeadlineExceeded}). When its pods have a more specific problem (a crash
 * loop, an image that cannot be pulled), the incident is that problem and this is one more piece of its evidence.
 */
final class WorkloadAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "workload";
    }

    @Override
    public String name() {
        return "UnavailableReplicas";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("UnavailableReplicas");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return EventText.isStatus(e) && EventText.reasonIs(e, "UnavailableReplicas");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        String state = EventText.shorten(evidence.get(0).message(), 200);
        return "has unavailable replicas (" + state + ")";
    }
}
