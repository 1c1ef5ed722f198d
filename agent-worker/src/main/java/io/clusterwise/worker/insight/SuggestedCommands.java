package io.clusterwise.worker.insight;

import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Read-only kubectl commands worth running next for a finding: describe, events, and logs where a container died. */
final class SuggestedCommands {

    private static final Set<String> CONTAINER_DIED = Set.of("CrashLoopBackOff", "OOMKilled");

    private SuggestedCommands() {
    }

    static List<String> forFinding(Finding finding) {
        ObjectRef o = finding.object();
        String kind = o.kind() == null ? "pod" : o.kind().toLowerCase();
        String ns = o.namespace() == null || o.namespace().isBlank() ? "" : "-n " + o.namespace() + " ";
        List<String> commands = new ArrayList<>();
        commands.add("kubectl " + ns + "describe " + kind + " " + o.name());
        commands.add("kubectl " + ns + "get events --field-selector involvedObject.name=" + o.name()
                + " --sort-by=.lastTimestamp");
        if ("pod".equals(kind) && CONTAINER_DIED.contains(finding.analyzer())) {
            commands.add("kubectl " + ns + "logs " + o.name() + " --previous");
        }
        if ("node".equals(kind)) {
            commands.add("kubectl get node " + o.name() + " -o wide");
            commands.add("kubectl get pods -A --field-selector spec.nodeName=" + o.name());
        }
        if ("FailedScheduling".equals(finding.analyzer())) {
            commands.add("kubectl describe nodes");
        }
        return List.copyOf(commands);
    }
}
