package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;

/**
 * A container killed for exceeding its memory limit: a problem status record whose reason or container's last
 * termination is {@code OOMKilled} (a ready container's old OOM kill is not a problem), or a Warning event with
 * reason {@code OOMKilled}/{@code OOMKilling} (kernel OOM reports).
 */
final class OomKilledAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "oom-killed";
    }

    @Override
    public String name() {
        return "OOMKilled";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("OOMKilled", "OOMKilling");
    }

    @Override
    public boolean anyStatusReason() {
        return true;
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return EventText.isStatus(e) && e.isWarning()
                && (EventText.reasonIs(e, "OOMKilled") || EventText.lastTerminationIs(e, "OOMKilled"))
                || EventText.isWarningEvent(e) && EventText.reasonIs(e, "OOMKilled", "OOMKilling");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        return "was OOM-killed" + EventText.exitCode(evidence).map(c -> " (exit code " + c + ")").orElse("")
                + ": a container used more memory than its limit";
    }
}
