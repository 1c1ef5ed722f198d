package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Failing probes: kubelet's {@code Unhealthy} events ("Liveness probe failed: HTTP probe failed with statuscode: 500"). */
final class ProbeAnalyzer implements Analyzer {

    private static final List<String> KINDS = List.of("Startup", "Liveness", "Readiness");

    @Override
    public String id() {
        return "probe";
    }

    @Override
    public String name() {
        return "Unhealthy";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("Unhealthy");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        return EventText.isWarningEvent(e) && EventText.reasonIs(e, "Unhealthy");
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        List<String> failing = KINDS.stream()
                .filter(kind -> evidence.stream().anyMatch(e -> EventText.messageStarts(e, kind + " probe")))
                .map(kind -> kind.toLowerCase(Locale.ROOT))
                .toList();
        if (failing.isEmpty()) {
            return "is failing its health probes";
        }
        return "is failing its " + failing.stream().collect(Collectors.joining(" and "))
                + (failing.size() == 1 ? " probe" : " probes");
    }
}
