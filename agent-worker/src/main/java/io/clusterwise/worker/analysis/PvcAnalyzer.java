package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Set;

/**
 * A PersistentVolumeClaim that stays Pending: its state, or the provisioner's {@code ProvisioningFailed} /
 * {@code FailedBinding} Warning events ("storageclass.storage.k8s.io "fast" not found").
 */
final class PvcAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "pvc";
    }

    @Override
    public String name() {
        return "PVCPending";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("ClaimPending", "ProvisioningFailed", "FailedBinding");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return EventText.isStatus(e) && EventText.reasonIs(e, "ClaimPending")
                || EventText.isWarningEvent(e) && EventText.reasonIs(e, "ProvisioningFailed", "FailedBinding");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        String why = evidence.stream().filter(e -> !EventText.isStatus(e)).map(ClusterEvent::message)
                .filter(m -> m != null && !m.isBlank()).findFirst().map(m -> EventText.shorten(m, 160)).orElse("");
        return "is Pending: no volume is bound" + (why.isEmpty() ? "" : " (" + why + ")");
    }

    @Override
    public Set<String> resolvingReasons() {
        return Set.of("ClaimBound");
    }
}
