package io.clusterwise.ingest.leader;

import io.clusterwise.contracts.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One active ingest per cluster without any write access to the cluster: every replica joins the consumer group
 * {@code clusterwise-ingest-service-<cluster>} on the single-partition {@code ingest.leader} topic, and only the
 * replica assigned that partition is active. The topic carries no records; the group coordinator does the election.
 * A replica that stops leaves the group (failover within a heartbeat); one that dies is replaced after the session
 * timeout. The cooperative assignor keeps the partition where it is when another replica joins.
 * <p>
 * With {@code clusterwise.ingest.leader-election=false} the replica is active from the start.
 */
public final class LeaderElection implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);
    public static final String GROUP_PREFIX = "clusterwise-ingest-service";
    /** After the publisher ({@code Integer.MAX_VALUE - 2048}): started last, stopped first. */
    public static final int PHASE = Integer.MAX_VALUE - 1024;
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(500);

    private final boolean enabled;
    private final Map<String, Object> consumerConfig;
    private final Activation activation;
    private final String clusterName;
    private volatile boolean running;
    private final Object leadership = new Object();
    private volatile boolean leader;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /** @param consumerConfig bootstrap and security settings (Spring's consumer properties) */
    public LeaderElection(boolean enabled, Map<String, Object> consumerConfig, Activation activation,
                          String clusterName) {
        this.enabled = enabled;
        this.activation = activation;
        this.clusterName = clusterName;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.keySet().removeIf(key -> key.startsWith("spring."));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(clusterName));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, GROUP_PREFIX + "-leader-" + clusterName);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) HEARTBEAT.toMillis());
        this.consumerConfig = config;
    }

    public static String groupId(String clusterName) {
        return GROUP_PREFIX + "-" + clusterName;
    }

    @Override
    public synchronized void start() {
        running = true;
        if (!enabled) {
            becomeLeader();
            return;
        }
        thread = new Thread(this::run, "clusterwise-ingest-leader-" + clusterName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!enabled) {
            resign();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Whether this replica is the active ingest now. */
    public boolean isLeader() {
        return leader;
    }

    public boolean enabled() {
        return enabled;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            warnIfTopicIsMissing(c);
            c.subscribe(List.of(Topic.INGEST_LEADER.topicName()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        becomeLeader();
                    }
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        resign();
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        resign();
                    }
                }
            });
            while (running) {
                try {
                    c.poll(POLL); // the topic carries no records: polling only keeps this replica in the group
                } catch (WakeupException e) {
                    // stop() asked; the loop condition ends it
                } catch (RuntimeException e) {
                    log.warn("ingest leader election: {}", e.toString());
                    resign();
                }
            }
            resign();
        } catch (RuntimeException e) {
            log.error("ingest leader election stopped: {}", e.toString());
            resign();
        } finally {
            consumer = null;
        }
    }

    /** Without the topic no replica is ever assigned it: say so instead of staying standby in silence. */
    private void warnIfTopicIsMissing(KafkaConsumer<byte[], byte[]> c) {
        try {
            List<org.apache.kafka.common.PartitionInfo> partitions = c.partitionsFor(Topic.INGEST_LEADER.topicName(),
                    Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                log.error("topic {} does not exist: no ingest replica can become active until it is created "
                        + "(io.clusterwise.contracts.Topics creates it)", Topic.INGEST_LEADER.topicName());
            }
        } catch (RuntimeException e) {
            log.warn("cannot check topic {}: {}", Topic.INGEST_LEADER.topicName(), e.toString());
        }
    }

    private void becomeLeader() {
        synchronized (leadership) {
            if (!leader) {
                leader = true;
                log.info("this replica is the active ingest for cluster {}", clusterName);
                activation.activate();
            }
        }
    }

    private void resign() {
        synchronized (leadership) {
            if (leader) {
                leader = false;
                log.info("this replica is no longer the active ingest for cluster {}", clusterName);
                activation.deactivate();
            }
        }
    }
}
