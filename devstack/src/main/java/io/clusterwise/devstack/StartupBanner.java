package io.clusterwise.devstack;

import java.nio.file.Path;
import java.time.Duration;

/** What {@code clusterwise up} prints once everything runs: where to chat, where Kafka is, how to reach the cluster. */
final class StartupBanner {

    private StartupBanner() {
    }

    static String render(LocalStack stack) {
        StackOptions options = stack.options();
        StringBuilder b = new StringBuilder();
        b.append('\n');
        b.append("  clusterwise is up\n\n");
        row(b, "Chat", stack.gatewayUrl());
        row(b, "Kafka", stack.bootstrapServers());
        if (stack.simulatedCluster().isPresent()) {
            Duration live = options.liveIncidentEvery();
            row(b, "Cluster", "simulated, seeded with a CrashLoopBackOff in demo/greeter"
                    + (live.isZero() ? "" : " (one more restart every " + live.toSeconds() + " s)"));
            row(b, "", kubectlCommand(options.workDir()));
        } else if (stack.kubeconfig().isPresent()) {
            row(b, "Cluster", "real, from " + stack.kubeconfig().get() + " (watched read-only)");
        } else {
            row(b, "Cluster", "real, as kubectl finds it: KUBECONFIG, ~/.kube/config or in-cluster (watched read-only)");
        }
        row(b, "Ollama", stack.ollamaStatus().describe());
        row(b, "Services", "ingest-service :" + stack.port(StackPart.INGEST) + ", agent-worker :"
                + stack.port(StackPart.WORKER) + " (GET /actuator/health)");
        b.append("\n  Ctrl-C stops everything.\n");
        return b.toString();
    }

    /** The kubectl command line for the simulated cluster, with paths as the person gave them. */
    static String kubectlCommand(Path workDir) {
        return "kubectl --kubeconfig " + shellWord(workDir.resolve(LocalStack.KUBECONFIG_FILE))
                + " --cache-dir " + shellWord(workDir.resolve(LocalStack.KUBECTL_CACHE_DIR)) + " get pods -A";
    }

    private static String shellWord(Path path) {
        String s = path.toString();
        return s.matches("[A-Za-z0-9_./:@%+=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static void row(StringBuilder b, String label, String value) {
        b.append(String.format("  %-10s %s%n", label, value));
    }
}
