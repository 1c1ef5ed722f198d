package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Optional;

/**
 * A container that cannot be created because its configuration refers to something missing: status reason
 * {@code CreateContainerConfigError}, or kubelet's {@code Failed} event "Error: configmap "x" not found" /
 * "Error: couldn't find key DB_URL in ConfigMap demo/greeter-config" / "Error: secret "x" not found".
 */
final class ConfigErrorAnalyzer implements Analyzer {

    @Override
    public String id() {
        return "config-error";
    }

    @Override
    public String name() {
        return "CreateContainerConfigError";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public java.util.Set<String> reasons() {
        return java.util.Set.of("CreateContainerConfigError", "Failed");
    }

    @Override
    public boolean signals(ClusterEvent e) {
        if (EventText.isStatus(e)) {
            return EventText.reasonIs(e, "CreateContainerConfigError");
        }
        return EventText.isWarningEvent(e) && (EventText.reasonIs(e, "CreateContainerConfigError")
                || EventText.reasonIs(e, "Failed") && (EventText.messageStarts(e, "Error: configmap")
                || EventText.messageStarts(e, "Error: secret")
                || EventText.messageStarts(e, "Error: couldn't find key")));
    }

    @Override
    public String describe(List<ClusterEvent> evidence) {
        Optional<String> why = evidence.stream().filter(e -> !EventText.isStatus(e))
                .map(ClusterEvent::message).filter(m -> m != null && m.startsWith("Error: ")).findFirst()
                .map(m -> EventText.shorten(m.substring("Error: ".length()), 160));
        return "cannot start a container: its configuration refers to a missing ConfigMap or Secret (key)"
                + why.map(w -> " (" + w + ")").orElse("");
    }
}
