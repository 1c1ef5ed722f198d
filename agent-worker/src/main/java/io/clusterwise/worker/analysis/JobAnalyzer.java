package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;

/**
 * A failed Job (a CronJob's Job is correlated to the CronJob): its Failed condition from state
 * ({@code BackoffLimitExceeded}, {@code DeadlineExceeded}), or the job controller's Warning events with those reasons.
 */
final class JobAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "job";
    }

    @Override
    public String name() {
        return "JobFailed";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("BackoffLimitExceeded", "DeadlineExceeded", "FailedJob", "PodFailurePolicy");
    }

    @Override
    public boolean anyStatusReason() {
        return true;
    }

    @Override
    public boolean signals(ClusterEvent e) {
        boolean job = e.involvedObject() != null && "Job".equals(e.involvedObject().kind());
        return job && (EventText.isStatus(e) && e.isWarning() || EventText.isWarningEvent(e)
                && EventText.reasonIs(e, "BackoffLimitExceeded", "DeadlineExceeded", "FailedJob", "PodFailurePolicy"));
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        return "failed (" + evidence.get(0).reason() + ")";
    }

    @Override
    public java.util.Set<String> resolvingReasons() {
        return java.util.Set.of("Completed");
    }
}
