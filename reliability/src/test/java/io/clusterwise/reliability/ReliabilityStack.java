package io.clusterwise.reliability;

import io.clusterwise.devstack.ServiceLauncher;
import io.clusterwise.devstack.StackPart;
import io.clusterwise.devstack.cluster.SimulatedCluster;
import io.clusterwise.testsupport.chat.SseChat;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whole system as the reliability tests break it: a {@link RestartableBroker}, the simulated cluster (fabric8's
 * CRUD mock API server, seeded with the CrashLoopBackOff incident of {@code demo/greeter}), the Ollama protocol double,
 * and the three services, each in its own Spring context that a test can stop and start again on its own
 * ({@link #startIngest}, {@link #startWorker}, {@link #startGateway}; {@link #stop}), or a worker in a JVM of its own
 * that a test can kill ({@link #startWorkerProcess}). Each service gets the defaults below, then the test's own
 * properties. {@link #close()} stops everything still running (and kills the worker processes).
 *
 * <pre>{@code
 * try (ReliabilityStack stack = ReliabilityStack.start()) {
 *     ConfigurableApplicationContext ingest = stack.startIngest(Map.of());
 *     ...
 * }
 * }</pre>
 */
final class ReliabilityStack implements AutoCloseable {

    /** The envelope {@code source} of everything ingest publishes here. */
    static final String CLUSTER = "reliability";

    private final RestartableBroker broker;
    private final SimulatedCluster cluster;
    private final Path kubeconfig;
    /** Replaced by {@link #restartOllama()}; always on the same port. */
    private volatile OllamaDouble ollama;
    private final List<ConfigurableApplicationContext> running = new ArrayList<>();
    private KafkaProducer<String, byte[]> rawProducer;
    private final List<WorkerProcess> processes = new ArrayList<>();

    private ReliabilityStack(RestartableBroker broker, SimulatedCluster cluster, Path kubeconfig, OllamaDouble ollama) {
        this.broker = broker;
        this.cluster = cluster;
        this.kubeconfig = kubeconfig;
        this.ollama = ollama;
    }

    /** Broker, simulated cluster and Ollama double; no service yet. */
    static ReliabilityStack start() {
        return start(Map.of());
    }

    /** @param brokerOverrides broker properties that differ from {@link RestartableBroker}'s */
    static ReliabilityStack start(Map<String, String> brokerOverrides) {
        RestartableBroker broker = RestartableBroker.launch(brokerOverrides);
        SimulatedCluster cluster = null;
        try {
            cluster = SimulatedCluster.start(0);
            Path dir = Files.createTempDirectory("clusterwise-reliability");
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
            OllamaDouble ollama = OllamaDouble.start().models("mistral:latest");
            return new ReliabilityStack(broker, cluster, kubeconfig, ollama);
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            broker.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    RestartableBroker broker() {
        return broker;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A client of the simulated cluster's API, to create, change and delete objects as a user would. */
    KubernetesClient kube() {
        return cluster.client();
    }

    SimulatedCluster cluster() {
        return cluster;
    }

    /** The Ollama double running now (a new one after {@link #restartOllama()}). */
    OllamaDouble ollama() {
        return ollama;
    }

    /**
     * Ollama comes back at the same address, as a restarted {@code ollama serve} would: the double is stopped (if it
     * still runs) and a fresh one, with {@code mistral:latest} pulled and its default reply, listens on the same
     * port, so the services keep the base URL they were given.
     */
    OllamaDouble restartOllama() {
        OllamaDouble old = ollama;
        old.stop();
        ollama = OllamaDouble.start(old.port()).models("mistral:latest");
        return ollama;
    }

    /** The kubeconfig that reaches the simulated cluster (only ingest gets it). */
    Path kubeconfig() {
        return kubeconfig;
    }

    /** Ingest, a worker and the gateway, each with its defaults; returns the gateway (the user's way in). */
    ConfigurableApplicationContext startServices() {
        startIngest(Map.of());
        startWorker(Map.of());
        return startGateway(Map.of());
    }

    ConfigurableApplicationContext startIngest(Map<String, String> own) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("clusterwise.cluster-name", CLUSTER);
        props.put("clusterwise.ingest.kubeconfig", kubeconfig.toString());
        props.putAll(own);
        return start(StackPart.INGEST, props);
    }

    ConfigurableApplicationContext startWorker(Map<String, String> own) {
        return start(StackPart.WORKER, workerProperties(own));
    }

    /**
     * A worker in a JVM of its own, which a test can kill without a clean shutdown ({@link WorkerProcess#kill()});
     * returns once it holds partitions of {@code agent.questions}. {@link #close()} kills it if the test did not.
     *
     * @param name its instance id and log file name ({@code target/worker-processes/<name>.log})
     */
    WorkerProcess startWorkerProcess(String name, Map<String, String> own) {
        WorkerProcess worker = WorkerProcess.start(name, broker, workerProperties(own));
        synchronized (processes) {
            processes.add(worker);
        }
        return worker;
    }

    /** What a worker is started with: the cluster name, {@link #workerDefaults()}, then the test's own properties. */
    Map<String, String> workerProperties(Map<String, String> own) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("clusterwise.cluster-name", CLUSTER);
        props.putAll(workerDefaults());
        props.putAll(own);
        return props;
    }

    /** What every worker here is told: the double as its Ollama, and a model the double has pulled. */
    Map<String, String> workerDefaults() {
        return Map.of("clusterwise.worker.ollama.base-url", ollama.baseUrl(),
                "clusterwise.worker.ollama.model", "mistral",
                "clusterwise.worker.answer-deadline", "PT20S",
                "clusterwise.worker.ollama.timeout", "PT20S");
    }

    /**
     * A gateway with the per-address rate limit off: every request here comes from one address, and a test that asks
     * again until an effect shows (an Awaitility retry) would otherwise meet a 429 on a slow machine — a limit these
     * tests do not test (the gateway's own tests do).
     */
    ConfigurableApplicationContext startGateway(Map<String, String> own) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("clusterwise.cluster-name", CLUSTER);
        props.put("clusterwise.gateway.rate-limit.requests-per-minute", "0");
        props.putAll(own);
        return start(StackPart.GATEWAY, props);
    }

    /** {@code http://localhost:PORT} of a started gateway. */
    static String url(ConfigurableApplicationContext gateway) {
        return "http://localhost:" + ServiceLauncher.port(gateway);
    }

    static SseChat chat(ConfigurableApplicationContext gateway) {
        return new SseChat(url(gateway));
    }

    /** Reads what is on the broker's topics now. */
    TopicScan topics() {
        return new TopicScan(broker.bootstrapServers());
    }

    /**
     * Writes {@code record} as it is (raw bytes, no envelope check), as a misbehaving or hostile producer would, and
     * waits until the broker has it.
     */
    RecordMetadata sendRaw(ProducerRecord<String, byte[]> record) {
        KafkaProducer<String, byte[]> producer;
        synchronized (running) {
            if (rawProducer == null) {
                rawProducer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000,
                        ProducerConfig.LINGER_MS_CONFIG, 0),
                        new StringSerializer(), new ByteArraySerializer());
            }
            producer = rawProducer;
        }
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + record.topic(), e);
        }
    }

    /** A clean stop of one service (its context closes: consumers leave their groups, producers flush). */
    void stop(ConfigurableApplicationContext service) {
        synchronized (running) {
            running.remove(service);
        }
        service.close();
    }

    private ConfigurableApplicationContext start(StackPart part, Map<String, String> props) {
        ConfigurableApplicationContext context = ServiceLauncher.start(part, 0, broker.bootstrapServers(), props);
        synchronized (running) {
            running.add(context);
        }
        return context;
    }

    @Override
    public void close() {
        List<ConfigurableApplicationContext> services;
        synchronized (running) {
            services = new ArrayList<>(running);
            running.clear();
        }
        List<WorkerProcess> workerProcesses;
        synchronized (processes) {
            workerProcesses = new ArrayList<>(processes);
            processes.clear();
        }
        workerProcesses.forEach(WorkerProcess::close);
        // gateway and worker before ingest, the broker last, as a real shutdown would go
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException ignored) {
                // keep stopping the others
            }
        }
        synchronized (running) {
            if (rawProducer != null) {
                rawProducer.close(Duration.ofSeconds(5));
                rawProducer = null;
            }
        }
        ollama.close();
        cluster.close();
        broker.close();
    }
}
