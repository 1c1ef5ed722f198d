package io.clusterwise.reliability;

import io.clusterwise.contracts.Topics;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller, {@link KafkaRaftServer} from
 * {@code kafka_2.13}) in this JVM that a test can {@link #stop()} and {@link #start()} again on the same log
 * directory and the same ports, as an operator restarting a broker pod with its volume: committed records, consumer
 * group offsets and transaction state survive; clients see the broker go away and come back at the same address.
 * Every clusterwise topic is created on the first start, at its real partition count.
 */
final class RestartableBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestartableBroker.class);

    private final Path logDir;
    private final int clientPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;
    private int starts;

    private RestartableBroker(Path logDir, int clientPort, int controllerPort, Map<String, String> overrides) {
        this.logDir = logDir;
        this.clientPort = clientPort;
        this.controllerPort = controllerPort;
        this.overrides = overrides;
    }

    /** Formats a fresh log directory, starts the broker and creates the topics. */
    static RestartableBroker launch(Map<String, String> overrides) {
        try {
            RestartableBroker broker = new RestartableBroker(Files.createTempDirectory("clusterwise-kraft"),
                    freePort(), freePort(), Map.copyOf(overrides));
            broker.format();
            broker.start();
            try (Admin admin = broker.admin()) {
                Topics.ensureCreated(admin, (short) 1);
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RestartableBroker launch() {
        return launch(Map.of());
    }

    String bootstrapServers() {
        return "localhost:" + clientPort;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    boolean running() {
        return server != null;
    }

    /** Starts the broker on its log directory (after {@link #stop()}: the same one, with everything it held). */
    synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("the broker is already running");
        }
        KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
        started.startup();
        server = started;
        starts++;
        log.info("Kafka broker started ({} time) on {}, log dir {}", starts, bootstrapServers(), logDir);
    }

    /** A controlled shutdown, as {@code kubectl delete pod} of the broker would give: clients lose it at once. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
        log.info("Kafka broker on {} stopped", bootstrapServers());
    }

    /** Stops the broker, waits {@code down}, starts it again: how long it really was unreachable is returned. */
    Duration restartAfter(Duration down) throws InterruptedException {
        long stoppedAt = System.nanoTime();
        stop();
        Thread.sleep(down.toMillis()); // the outage itself is the fault being injected, not a wait for a result
        start();
        return Duration.ofNanos(System.nanoTime() - stoppedAt);
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            deleteQuietly(logDir);
        }
    }

    private Properties config() {
        Properties p = new Properties();
        p.put("node.id", "1");
        p.put("process.roles", "broker,controller");
        p.put("listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // one node: its shutdown cannot move leadership anywhere
        p.put("controlled.shutdown.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private void format() {
        try (PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the broker's log directory " + logDir + ": " + e, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("could not delete {}", dir, e);
        }
    }
}
