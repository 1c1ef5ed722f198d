package io.clusterwise.devstack;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The options of {@code clusterwise up}, parsed strictly: an unknown option or a missing or bad value is an error
 * that names the option. The option list here is the one the usage text (and the root script's help) shows.
 */
final class UpCommandLine {

    enum Option {
        KUBECONFIG("--kubeconfig", "PATH", "watch the real cluster in this kubeconfig (read-only) instead of the simulated one"),
        REAL_CLUSTER("--real-cluster", null, "watch the real cluster kubectl would use ($KUBECONFIG, ~/.kube/config, in-cluster)"),
        SIMULATED("--simulated", null, "use the simulated cluster even when KUBECONFIG is set"),
        PORT("--port", "N", "chat gateway HTTP port (default " + StackOptions.DEFAULT_GATEWAY_PORT + ")"),
        KAFKA_PORT("--kafka-port", "N", "Kafka port (default " + StackOptions.DEFAULT_KAFKA_PORT + ")"),
        INGEST_PORT("--ingest-port", "N", "ingest-service HTTP port, actuator only (default " + StackOptions.DEFAULT_INGEST_PORT + ")"),
        WORKER_PORT("--worker-port", "N", "agent-worker HTTP port, actuator only (default " + StackOptions.DEFAULT_WORKER_PORT + ")"),
        OLLAMA_URL("--ollama-url", "URL", "Ollama base URL (default " + StackOptions.DEFAULT_OLLAMA_URL + ")"),
        MODEL("--model", "NAME", "Ollama model (default " + StackOptions.DEFAULT_MODEL + ")"),
        WORK_DIR("--work-dir", "DIR", "where the simulated cluster's kubeconfig and kubectl cache go (default " + StackOptions.DEFAULT_WORK_DIR + ")"),
        LIVE("--live", null, "keep the simulated incident going: one more restart and BackOff every 30 s (default)"),
        NO_LIVE("--no-live", null, "leave the simulated incident as seeded"),
        HELP("--help", null, "show this help (also -h)");

        final String flag;
        final String valueName;
        final String help;

        Option(String flag, String valueName, String help) {
            this.flag = flag;
            this.valueName = valueName;
            this.help = help;
        }

        static Optional<Option> of(String flag) {
            if (flag.equals("-h")) {
                return Optional.of(HELP);
            }
            return Arrays.stream(values()).filter(o -> o.flag.equals(flag)).findFirst();
        }
    }

    /** What the command line asks for. */
    sealed interface Parsed {
        record Run(StackOptions options) implements Parsed {
        }

        record Help() implements Parsed {
        }

        record Invalid(String message) implements Parsed {
        }
    }

    private UpCommandLine() {
    }

    static Parsed parse(List<String> args) {
        return parse(args, System.getenv());
    }

    /** {@code env} decides only one thing: a set {@code KUBECONFIG} means the real cluster unless --simulated. */
    static Parsed parse(List<String> args, Map<String, String> env) {
        StackOptions.Builder options = StackOptions.builder()
                // the banner is the interface; services log warnings and their own INFO lines only
                .property("logging.level.root", "WARN")
                .property("logging.level.io.clusterwise", "INFO")
                .property("spring.main.log-startup-info", "false");
        Path kubeconfig = null;
        boolean realCluster = false;
        boolean simulated = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            Optional<Option> option = Option.of(flag);
            if (option.isEmpty()) {
                return new Parsed.Invalid(arg.startsWith("-") ? "unknown option " + flag : "unexpected argument " + arg);
            }
            Option o = option.get();
            String value = null;
            if (o.valueName != null) {
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    return new Parsed.Invalid("option " + o.flag + " needs a value (" + o.flag + " " + o.valueName + ")");
                }
            } else if (eq > 0) {
                return new Parsed.Invalid("option " + o.flag + " takes no value");
            }
            try {
                switch (o) {
                    case HELP -> {
                        return new Parsed.Help();
                    }
                    case KUBECONFIG -> kubeconfig = existingFile(o, value);
                    case REAL_CLUSTER -> realCluster = true;
                    case SIMULATED -> simulated = true;
                    case PORT -> options.gatewayPort(port(o, value));
                    case KAFKA_PORT -> options.kafkaPort(port(o, value));
                    case INGEST_PORT -> options.ingestPort(port(o, value));
                    case WORKER_PORT -> options.workerPort(port(o, value));
                    case OLLAMA_URL -> options.ollamaUrl(httpUrl(o, value));
                    case MODEL -> options.model(notBlank(o, value));
                    case WORK_DIR -> options.workDir(Path.of(notBlank(o, value)));
                    case LIVE -> options.liveIncidentEvery(io.clusterwise.devstack.cluster.SimulatedCluster.DEFAULT_LIVE_INTERVAL);
                    case NO_LIVE -> options.liveIncidentEvery(Duration.ZERO);
                }
            } catch (IllegalArgumentException e) {
                return new Parsed.Invalid(e.getMessage());
            }
        }
        if (kubeconfig != null && realCluster) {
            return new Parsed.Invalid("--kubeconfig and --real-cluster cannot be combined: --kubeconfig already names the real cluster");
        }
        if (simulated && (kubeconfig != null || realCluster)) {
            return new Parsed.Invalid("--simulated cannot be combined with --kubeconfig or --real-cluster");
        }
        String kubeconfigEnv = env.getOrDefault("KUBECONFIG", "");
        if (kubeconfig != null) {
            options.cluster(ClusterSource.kubeconfig(kubeconfig));
        } else if (realCluster || (!simulated && !kubeconfigEnv.isBlank())) {
            options.cluster(ClusterSource.fromEnvironment());
        }
        return new Parsed.Run(options.build());
    }

    /** The option a person changes when {@code part}'s port is taken. */
    static String optionFor(StackPart part) {
        return switch (part) {
            case KAFKA -> Option.KAFKA_PORT.flag;
            case GATEWAY -> Option.PORT.flag;
            case INGEST -> Option.INGEST_PORT.flag;
            case WORKER -> Option.WORKER_PORT.flag;
        };
    }

    static String usage() {
        String options = Arrays.stream(Option.values())
                .map(o -> String.format("  %-20s %s", o.flag + (o.valueName == null ? "" : " " + o.valueName), o.help))
                .collect(Collectors.joining("\n"));
        return """
                Usage: clusterwise up [options]

                Starts clusterwise on this machine, in one JVM: a real single-node Kafka broker (KRaft), a simulated
                Kubernetes cluster seeded with a CrashLoopBackOff incident (or a real cluster, watched read-only), and
                the three services. Open the chat URL it prints; Ctrl-C stops everything.

                Options:
                %s

                Any port may be 0 for a free one. The cluster watched is, in this order: the --kubeconfig file; the
                real cluster with --real-cluster or when KUBECONFIG is set (unless --simulated); else the simulated one.
                """.formatted(options);
    }

    private static int port(Option o, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(o.flag + " must be a port number 0-65535, got '" + value + "'");
    }

    private static Path existingFile(Option o, String value) {
        Path file = Path.of(notBlank(o, value));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(o.flag + " " + value + ": no such file");
        }
        return file;
    }

    private static URI httpUrl(Option o, String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException(o.flag + " must be an http:// or https:// URL, got '" + value + "'");
    }

    private static String notBlank(Option o, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(o.flag + " must not be empty");
        }
        return value;
    }
}
