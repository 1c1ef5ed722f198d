package io.clusterwise.devstack.kafka;

import io.clusterwise.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) in this JVM, from spring-kafka-test's
 * {@link EmbeddedKafkaKraftBroker}, with every clusterwise topic (and its dead-letter topic) created from
 * {@code contracts} at the real partition counts.
 *
 * <p>Kafka's test kit binds its own listeners to random ports and ignores {@code kafkaPorts(...)}, so a fixed port
 * (9092 for {@code up}) is a third listener, {@code HOST://localhost:PORT}, that the broker binds itself; clients
 * that bootstrap through it are told to stay on it. Log directories are the test kit's temporary ones, deleted on
 * {@link #close()}: every local run starts from empty topics, like the simulated cluster starts from its seed.
 */
public final class LocalBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalBroker.class);

    /** The system property the embedded broker sets to its own address (it always sets one). */
    static final String BROKER_LIST_PROPERTY = "clusterwise.devstack.kafka.brokers";

    /** The listener name of a fixed client port. */
    static final String HOST_LISTENER = "HOST";

    /** Guards Kafka's JVM-wide shutdown-hook adder while a broker starts. */
    private static final Object EXIT_HOOKS = new Object();

    private final EmbeddedKafkaKraftBroker broker;
    private final String bootstrapServers;
    private final List<Runnable> deleteTempDirs;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalBroker(EmbeddedKafkaKraftBroker broker, String bootstrapServers, List<Runnable> deleteTempDirs) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.deleteTempDirs = deleteTempDirs;
    }

    /** Starts the broker with clients on {@code port} (0 = a random port) and creates every clusterwise topic. */
    public static LocalBroker start(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // the broker publishes its address as a JVM-wide system property; keep it off spring.kafka.bootstrap-servers,
        // which would leak into every Spring context of this JVM (several stacks or tests may share one)
        broker.brokerListProperty(BROKER_LIST_PROPERTY);
        broker.brokerProperties(brokerProperties(port));
        List<Runnable> deleteTempDirs = new CopyOnWriteArrayList<>();
        synchronized (EXIT_HOOKS) {
            // Kafka's test kit deletes its temp log dirs in a JVM shutdown hook of its own, which on Ctrl-C races the
            // orderly shutdown and fills the console with storage errors; keep those deletions and run them on close
            Exit.setShutdownHookAdder((name, hook) -> deleteTempDirs.add(hook));
            try {
                broker.afterPropertiesSet();
            } catch (RuntimeException e) {
                destroyQuietly(broker);
                deleteTempDirs.forEach(Runnable::run);
                throw new IllegalStateException("cannot start the local Kafka broker"
                        + (port == 0 ? "" : " on port " + port) + ": " + rootMessage(e), e);
            } finally {
                Exit.resetShutdownHookAdder();
            }
        }
        String bootstrap = port == 0 ? broker.getBrokersAsString() : "localhost:" + port;
        LocalBroker local = new LocalBroker(broker, bootstrap, deleteTempDirs);
        try {
            local.createTopics();
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
        log.info("Kafka (KRaft, single node) listening on {}", bootstrap);
        return local;
    }

    private static Map<String, String> brokerProperties(int port) {
        Map<String, String> props = new LinkedHashMap<>();
        // a single broker: internal topics cannot have the default replication factor of 3
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("offsets.topic.num.partitions", "6");
        if (port != 0) {
            props.put("listeners", "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + HOST_LISTENER + "://localhost:" + port);
            props.put("listener.security.protocol.map",
                    "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT," + HOST_LISTENER + ":PLAINTEXT");
        }
        return props;
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Topics.ensureCreated(admin, (short) 1);
        }
    }

    /** The client port (the one given, or the one chosen for 0). */
    public int port() {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    /** {@code host:port} for {@code spring.kafka.bootstrap-servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                broker.destroy();
            } finally {
                deleteTempDirs.forEach(Runnable::run);
            }
        }
    }

    private static void destroyQuietly(EmbeddedKafkaKraftBroker broker) {
        try {
            broker.destroy();
        } catch (RuntimeException e) {
            log.debug("could not stop a Kafka broker that failed to start", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
