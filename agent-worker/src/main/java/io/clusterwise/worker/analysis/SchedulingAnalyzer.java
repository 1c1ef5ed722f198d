package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Set;

/**
 * A pod no node can take: the scheduler's {@code FailedScheduling} event ("0/3 nodes are available: …") or a status
 * record with reason {@code Unschedulable}.
 */
final class SchedulingAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "scheduling";
    }

    @Override
    public String name() {
        return "FailedScheduling";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("FailedScheduling", "Unschedulable");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return EventText.isWarningEvent(e) && EventText.reasonIs(e, "FailedScheduling")
                || EventText.isStatus(e) && EventText.reasonIs(e, "Unschedulable");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        String why = evidence.stream().map(ClusterEvent::message).filter(m -> m != null && m.contains("available"))
                .findFirst().map(SchedulingAnalyzer::firstSentence).orElse("");
        return "cannot be scheduled" + (why.isEmpty() ? "" : " (" + why + ")");
    }

    @Override
    public Set<String> resolvingReasons() {
        return Set.of("Scheduled", EventText.CONTAINER_READY);
    }

    /** "0/3 nodes are available: 3 Insufficient cpu. preemption: …" → "0/3 nodes are available: 3 Insufficient cpu". */
    private static String firstSentence(String message) {
        int preemption = message.indexOf(". preemption");
        String head = preemption > 0 ? message.substring(0, preemption) : message;
        return EventText.shorten(head.endsWith(".") ? head.substring(0, head.length() - 1) : head, 160);
    }
}
