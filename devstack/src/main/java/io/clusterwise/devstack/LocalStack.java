package io.clusterwise.devstack;

import io.clusterwise.devstack.cluster.SimulatedCluster;
import io.clusterwise.devstack.kafka.LocalBroker;
import io.clusterwise.devstack.ollama.OllamaProbe;
import io.clusterwise.devstack.ollama.OllamaStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole system in this JVM, as {@code ./clusterwise up} and the end-to-end tests run it: a real KRaft broker,
 * the simulated cluster (unless a real one is given), then ingest-service, agent-worker and chat-gateway, each in
 * its own Spring context started through its {@code XxxApplication.builder()}. They talk only through the broker.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(StackOptions.forTests(tempDir, ollama.baseUrl()))) {
 *     // POST stack.gatewayUrl() + "/api/chat" ...
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    /** File name of the simulated cluster's kubeconfig inside the work directory. */
    public static final String KUBECONFIG_FILE = "kubeconfig";

    /** kubectl's discovery cache for the simulated cluster, inside the work directory. */
    public static final String KUBECTL_CACHE_DIR = "kube-cache";

    private final StackOptions options;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<StackPart, Integer> ports = new EnumMap<>(StackPart.class);
    private LocalBroker broker;
    private SimulatedCluster simulatedCluster;
    private Path kubeconfig;
    private OllamaStatus ollamaStatus;
    private boolean closed;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    /**
     * Starts everything in order (broker, cluster, ingest, worker, gateway) and returns once all are up. Fixed ports
     * are checked first ({@link PortInUseException} names the taken one); if a part fails, the parts already
     * started are closed again before the exception propagates.
     */
    public static LocalStack start(StackOptions options) {
        return create(options).start();
    }

    /**
     * A stack that has not started yet, for callers that must be able to {@link #close()} it while it starts (a
     * shutdown hook registered before {@link #start()}): close stops what has started, and start then fails.
     */
    public static LocalStack create(StackOptions options) {
        return new LocalStack(Objects.requireNonNull(options, "options"));
    }

    /** Starts this stack; see {@link #start(StackOptions)}. */
    public LocalStack start() {
        Ports.requireFree(Map.of(StackPart.KAFKA, options.kafkaPort(), StackPart.GATEWAY, options.gatewayPort(),
                StackPart.INGEST, options.ingestPort(), StackPart.WORKER, options.workerPort()));
        try {
            startAll();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll() {
        broker = remember(LocalBroker.start(options.kafkaPort()));
        ports.put(StackPart.KAFKA, broker.port());
        kubeconfig = kubeconfigToWatch(options.cluster());
        startService(StackPart.INGEST, ingestProperties());
        ollamaStatus = OllamaProbe.probe(options.ollamaUrl(), options.model(), OllamaProbe.DEFAULT_TIMEOUT);
        log.info("{}", ollamaStatus.describe());
        startService(StackPart.WORKER, workerProperties());
        startService(StackPart.GATEWAY, gatewayProperties());
    }

    /** The kubeconfig the ingest service gets; null lets fabric8 auto-configure (KUBECONFIG, ~/.kube/config …). */
    private Path kubeconfigToWatch(ClusterSource cluster) {
        if (cluster instanceof ClusterSource.Kubeconfig real) {
            return real.file().toAbsolutePath();
        }
        if (cluster instanceof ClusterSource.FromEnvironment) {
            return null;
        }
        return startSimulatedCluster();
    }

    private Path startSimulatedCluster() {
        try {
            Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + options.workDir(), e);
        }
        simulatedCluster = remember(SimulatedCluster.start(0, options.liveIncidentEvery()));
        return simulatedCluster.writeKubeconfig(options.workDir().resolve(KUBECONFIG_FILE)).toAbsolutePath();
    }

    private Map<String, String> ingestProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        if (kubeconfig != null) {
            props.put("clusterwise.ingest.kubeconfig", kubeconfig.toString());
        }
        return props;
    }

    private Map<String, String> workerProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("clusterwise.worker.ollama.base-url", options.ollamaUrl().toString());
        props.put("clusterwise.worker.ollama.model", options.model());
        if (options.answerDeadline() != null) {
            props.put("clusterwise.worker.answer-deadline", options.answerDeadline().toString());
        }
        return props;
    }

    private Map<String, String> gatewayProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        if (options.gatewayAnswerTimeout() != null) {
            props.put("clusterwise.gateway.answer-timeout", options.gatewayAnswerTimeout().toString());
        }
        return props;
    }

    private void startService(StackPart part, Map<String, String> own) {
        Map<String, String> props = new LinkedHashMap<>(own);
        props.putAll(options.extraProperties());
        ConfigurableApplicationContext context = ServiceLauncher.start(part, port(part, options),
                broker.bootstrapServers(), props);
        remember(context::close);
        ports.put(part, ServiceLauncher.port(context));
        log.info("{} started on port {}", part.displayName(), ports.get(part));
    }

    private static int port(StackPart part, StackOptions options) {
        return switch (part) {
            case INGEST -> options.ingestPort();
            case WORKER -> options.workerPort();
            case GATEWAY -> options.gatewayPort();
            case KAFKA -> options.kafkaPort();
        };
    }

    /** Keeps a started part for {@link #close()}; if the stack was closed meanwhile, stops it at once. */
    private <T extends AutoCloseable> T remember(T closeable) {
        synchronized (this) {
            if (!closed) {
                started.push(closeable);
                return closeable;
            }
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("could not stop a part started after the stack was closed", e);
        }
        throw new IllegalStateException("the local stack was stopped while it was starting");
    }

    /** {@code http://localhost:PORT} of the chat gateway. */
    public String gatewayUrl() {
        return "http://localhost:" + port(StackPart.GATEWAY);
    }

    /** The port a part of the stack actually listens on (the chosen one when the options said 0). */
    public int port(StackPart part) {
        Integer port = ports.get(part);
        if (port == null) {
            throw new IllegalStateException(part.displayName() + " is not running");
        }
        return port;
    }

    /** {@code host:port} of the broker, for {@code spring.kafka.bootstrap-servers} or any Kafka client. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The simulated cluster, unless the stack watches a real one. */
    public Optional<SimulatedCluster> simulatedCluster() {
        return Optional.ofNullable(simulatedCluster);
    }

    /** The kubeconfig the ingest service uses (absolute); empty when it auto-configures from the environment. */
    public Optional<Path> kubeconfig() {
        return Optional.ofNullable(kubeconfig);
    }

    /** What the Ollama probe found before the worker started. */
    public OllamaStatus ollamaStatus() {
        return ollamaStatus;
    }

    public StackOptions options() {
        return options;
    }

    /** Stops everything that was started, in reverse order (gateway first, broker last). Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("could not stop part of the local stack cleanly: {}", e.getMessage());
                if (failure == null) {
                    failure = new IllegalStateException("the local stack did not stop cleanly", e);
                }
            }
        }
        ports.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
