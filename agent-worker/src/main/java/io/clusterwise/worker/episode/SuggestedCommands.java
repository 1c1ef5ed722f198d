package io.clusterwise.worker.episode;

import io.clusterwise.contracts.ObjectRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Read-only kubectl commands worth running next for an incident: describe its subject, the events of the objects
 * involved, and logs where a container died. Never anything that changes the cluster.
 */
final class SuggestedCommands {

    private static final Set<String> CONTAINER_DIED = Set.of("CrashLoopBackOff", "OOMKilled");
    private static final Set<String> ROLLOUT_KINDS = Set.of("deployment", "statefulset", "daemonset");

    private SuggestedCommands() {
    }

    static List<String> forIncident(String reason, ObjectRef subject, List<ObjectRef> affected) {
        String kind = subject.kind() == null ? "pod" : subject.kind().toLowerCase(Locale.ROOT);
        String ns = namespace(subject);
        List<String> commands = new ArrayList<>();
        commands.add("kubectl " + ns + "describe " + kind + " " + subject.name());
        if (ROLLOUT_KINDS.contains(kind)) {
            commands.add("kubectl " + ns + "rollout status " + kind + "/" + subject.name());
        }
        ObjectRef pod = affected.stream().filter(a -> "Pod".equals(a.kind())).findFirst().orElse(null);
        ObjectRef eventsOf = pod != null ? pod : subject;
        commands.add("kubectl " + namespace(eventsOf) + "get events --field-selector involvedObject.name="
                + eventsOf.name() + " --sort-by=.lastTimestamp");
        if (pod != null && CONTAINER_DIED.contains(reason)) {
            commands.add("kubectl " + namespace(pod) + "logs " + pod.name() + " --previous");
        }
        if ("node".equals(kind)) {
            commands.add("kubectl get node " + subject.name() + " -o wide");
            commands.add("kubectl get pods -A --field-selector spec.nodeName=" + subject.name());
        }
        if ("FailedScheduling".equals(reason)) {
            commands.add("kubectl describe nodes");
        }
        if ("NoReadyEndpoints".equals(reason)) {
            commands.add("kubectl " + ns + "get endpointslices -l kubernetes.io/service-name=" + subject.name());
        }
        return List.copyOf(commands);
    }

    private static String namespace(ObjectRef o) {
        return o.namespace() == null || o.namespace().isBlank() ? "" : "-n " + o.namespace() + " ";
    }
}
