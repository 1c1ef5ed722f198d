package io.clusterwise.devstack;

import io.clusterwise.devstack.cluster.SimulatedCluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link LocalStack#start(StackOptions)} needs. Port 0 means "any free port" (the tests' choice);
 * {@code answerDeadline} / {@code gatewayAnswerTimeout} null keep the services' own defaults; a zero
 * {@code liveIncidentEvery} keeps the simulated incident still. {@code extraProperties} go to all three services as
 * {@code --key=value} (the last word: they override what the stack sets).
 *
 * @param kafkaPort            Kafka's client port ({@code up}: 9092)
 * @param gatewayPort          the chat gateway's HTTP port ({@code up}: 8000)
 * @param ingestPort           the ingest service's HTTP port, actuator only ({@code up}: 8081)
 * @param workerPort           the agent worker's HTTP port, actuator only ({@code up}: 8082)
 * @param cluster              which Kubernetes API to watch
 * @param workDir              where the simulated cluster's kubeconfig goes ({@code up}: {@code .clusterwise})
 * @param ollamaUrl            Ollama's base URL
 * @param model                the Ollama model
 * @param answerDeadline       {@code clusterwise.worker.answer-deadline}, or null for the worker's default
 * @param gatewayAnswerTimeout {@code clusterwise.gateway.answer-timeout}, or null for the gateway's default
 * @param liveIncidentEvery    how often the simulated incident advances; zero = never
 * @param extraProperties      more {@code --key=value} for every service
 */
public record StackOptions(int kafkaPort, int gatewayPort, int ingestPort, int workerPort, ClusterSource cluster,
                           Path workDir, URI ollamaUrl, String model, Duration answerDeadline,
                           Duration gatewayAnswerTimeout, Duration liveIncidentEvery,
                           Map<String, String> extraProperties) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_GATEWAY_PORT = 8000;
    public static final int DEFAULT_INGEST_PORT = 8081;
    public static final int DEFAULT_WORKER_PORT = 8082;
    public static final URI DEFAULT_OLLAMA_URL = URI.create("http://localhost:11434");
    public static final String DEFAULT_MODEL = "mistral";
    public static final Path DEFAULT_WORK_DIR = Path.of(".clusterwise");

    public StackOptions {
        requirePort("kafkaPort", kafkaPort);
        requirePort("gatewayPort", gatewayPort);
        requirePort("ingestPort", ingestPort);
        requirePort("workerPort", workerPort);
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(ollamaUrl, "ollamaUrl");
        if (!"http".equals(ollamaUrl.getScheme()) && !"https".equals(ollamaUrl.getScheme())) {
            throw new IllegalArgumentException("ollamaUrl must be an http:// or https:// URL, got " + ollamaUrl);
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        requirePositive("answerDeadline", answerDeadline);
        requirePositive("gatewayAnswerTimeout", gatewayAnswerTimeout);
        Objects.requireNonNull(liveIncidentEvery, "liveIncidentEvery");
        if (liveIncidentEvery.isNegative()) {
            throw new IllegalArgumentException("liveIncidentEvery must not be negative, got " + liveIncidentEvery);
        }
        extraProperties = Map.copyOf(extraProperties);
    }

    /** The defaults of {@code clusterwise up}: fixed well-known ports, the simulated cluster, a live incident. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * For tests: every port random, the simulated cluster (incident still), kubeconfig under {@code workDir}, the
     * given Ollama (e.g. an {@code OllamaDouble}'s URL), a 10 s answer deadline and a 30 s gateway timeout.
     */
    public static StackOptions forTests(Path workDir, String ollamaUrl) {
        return builder()
                .kafkaPort(0).gatewayPort(0).ingestPort(0).workerPort(0)
                .workDir(workDir)
                .ollamaUrl(URI.create(ollamaUrl))
                .answerDeadline(Duration.ofSeconds(10))
                .gatewayAnswerTimeout(Duration.ofSeconds(30))
                .liveIncidentEvery(Duration.ZERO)
                .build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.kafkaPort = kafkaPort;
        b.gatewayPort = gatewayPort;
        b.ingestPort = ingestPort;
        b.workerPort = workerPort;
        b.cluster = cluster;
        b.workDir = workDir;
        b.ollamaUrl = ollamaUrl;
        b.model = model;
        b.answerDeadline = answerDeadline;
        b.gatewayAnswerTimeout = gatewayAnswerTimeout;
        b.liveIncidentEvery = liveIncidentEvery;
        b.extraProperties.putAll(extraProperties);
        return b;
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0-65535 (0 = any free port), got " + port);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    public static final class Builder {
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private int gatewayPort = DEFAULT_GATEWAY_PORT;
        private int ingestPort = DEFAULT_INGEST_PORT;
        private int workerPort = DEFAULT_WORKER_PORT;
        private ClusterSource cluster = ClusterSource.simulated();
        private Path workDir = DEFAULT_WORK_DIR;
        private URI ollamaUrl = DEFAULT_OLLAMA_URL;
        private String model = DEFAULT_MODEL;
        private Duration answerDeadline;
        private Duration gatewayAnswerTimeout;
        private Duration liveIncidentEvery = SimulatedCluster.DEFAULT_LIVE_INTERVAL;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder gatewayPort(int port) {
            this.gatewayPort = port;
            return this;
        }

        public Builder ingestPort(int port) {
            this.ingestPort = port;
            return this;
        }

        public Builder workerPort(int port) {
            this.workerPort = port;
            return this;
        }

        public Builder cluster(ClusterSource cluster) {
            this.cluster = cluster;
            return this;
        }

        /** A real cluster's kubeconfig, or null for the simulated cluster. */
        public Builder kubeconfig(Path kubeconfig) {
            this.cluster = kubeconfig == null ? ClusterSource.simulated() : ClusterSource.kubeconfig(kubeconfig);
            return this;
        }

        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        public Builder ollamaUrl(URI ollamaUrl) {
            this.ollamaUrl = ollamaUrl;
            return this;
        }

        public Builder model(String model) {
            this.model = model;
            return this;
        }

        public Builder answerDeadline(Duration answerDeadline) {
            this.answerDeadline = answerDeadline;
            return this;
        }

        public Builder gatewayAnswerTimeout(Duration gatewayAnswerTimeout) {
            this.gatewayAnswerTimeout = gatewayAnswerTimeout;
            return this;
        }

        public Builder liveIncidentEvery(Duration liveIncidentEvery) {
            this.liveIncidentEvery = liveIncidentEvery;
            return this;
        }

        /** One more {@code --key=value} for every service. */
        public Builder property(String key, String value) {
            this.extraProperties.put(key, value);
            return this;
        }

        public StackOptions build() {
            return new StackOptions(kafkaPort, gatewayPort, ingestPort, workerPort, cluster, workDir, ollamaUrl,
                    model, answerDeadline, gatewayAnswerTimeout, liveIncidentEvery, extraProperties);
        }
    }
}
