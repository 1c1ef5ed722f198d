package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * A container that keeps crashing: ingest's status record with waiting reason {@code CrashLoopBackOff}, or kubelet's
 * {@code BackOff} event "Back-off restarting failed container …". Names the last termination (reason unless a plain
 * {@code Error}, exit code) from the status record's container facts.
 */
final class CrashLoopAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "crash-loop";
    }

    @Override
    public String name() {
        return "CrashLoopBackOff";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("CrashLoopBackOff", "BackOff");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return EventText.isStatus(e) && EventText.reasonIs(e, "CrashLoopBackOff")
                || EventText.isWarningEvent(e) && EventText.reasonIs(e, "BackOff")
                && EventText.messageStarts(e, "Back-off restarting failed container");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        List<String> details = new ArrayList<>();
        EventText.terminationReason(evidence).filter(r -> !"Error".equalsIgnoreCase(r)).ifPresent(details::add);
        EventText.exitCode(evidence).ifPresent(code -> details.add("exit code " + code));
        return "is crash-looping" + (details.isEmpty() ? "" : " (" + String.join(", ", details) + ")");
    }
}
