package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Set;

/**
 * An image that cannot be pulled: status reasons {@code ImagePullBackOff}/{@code ErrImagePull}/{@code InvalidImageName},
 * kubelet's {@code Failed} "Failed to pull image …" and {@code BackOff} "Back-off pulling image …" events.
 */
final class ImagePullAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "image-pull";
    }

    @Override
    public String name() {
        return "ImagePullBackOff";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull",
                "InspectFailed", "Failed",
                "BackOff");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        if (EventText.isStatus(e)) {
            return EventText.reasonIs(e, "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");
        }
        return EventText.isWarningEvent(e)
                && (EventText.reasonIs(e, "ErrImagePull", "ImagePullBackOff", "InspectFailed", "ErrImageNeverPull")
                || EventText.reasonIs(e, "Failed") && (EventText.messageStarts(e, "Failed to pull image")
                        || EventText.messageStarts(e, "Error: ErrImagePull")
                        || EventText.messageStarts(e, "Error: ImagePullBackOff"))
                || EventText.reasonIs(e, "BackOff") && EventText.messageStarts(e, "Back-off pulling image"));
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        return "cannot pull its image" + EventText.quotedAfter(evidence, "image").map(i -> " " + i).orElse("");
    }

    @Override
    public Set<String> resolvingReasons() {
        return Set.of(EventText.CONTAINER_READY, "Pulled");
    }
}
