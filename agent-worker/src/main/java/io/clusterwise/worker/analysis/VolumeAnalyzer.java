package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Set;

/**
 * A volume that cannot be attached or mounted: kubelet's {@code FailedMount} ("MountVolume.SetUp failed for volume
 * "config" : configmap "x" not found") and the attach-detach controller's {@code FailedAttachVolume}.
 */
final class VolumeAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "volume";
    }

    @Override
    public String name() {
        return "FailedMount";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("FailedMount", "FailedAttachVolume", "FailedMapVolume");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return EventText.isWarningEvent(e)
                && EventText.reasonIs(e, "FailedMount", "FailedAttachVolume", "FailedMapVolume");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        boolean attach = evidence.stream().anyMatch(e -> EventText.reasonIs(e, "FailedAttachVolume"));
        return (attach ? "cannot attach a volume" : "cannot mount a volume")
                + EventText.quotedAfter(evidence, "volume").map(v -> " (" + v + ")").orElse("");
    }

    @Override
    public Set<String> resolvingReasons() {
        return Set.of(EventText.CONTAINER_READY, "SuccessfulAttachVolume", "SuccessfulMountVolume");
    }
}
