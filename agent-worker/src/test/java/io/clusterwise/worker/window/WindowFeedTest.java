package io.clusterwise.worker.window;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.contracts.WireJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.greeterBackOff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** The feed against a real KRaft broker: how it positions itself at start-up, and that it outlives a missing Kafka. */
class WindowFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final EventWindow window = new EventWindow(100, Duration.ofHours(1), Clock.systemUTC());
    private final Logger feedLog = (Logger) LoggerFactory.getLogger(WindowFeed.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private EmbeddedKafkaKraftBroker broker;
    private WindowFeed feed;
    private Forwarder forwarder;

    @AfterEach
    void stop() throws IOException {
        feedLog.detachAppender(logged);
        if (feed != null) {
            feed.stop();
        }
        if (forwarder != null) {
            forwarder.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldReadTheRecordWhenOneIsPublishedWhileTheFeedLooksUpWhereToStart() {
        broker = startedBroker();
        ClusterEvent published = greeterBackOff(4, T0);
        // a real consumer; the first of the feed's two offset look-ups lets a record arrive before returning
        feed = new WindowFeed(() -> consumerConfig(broker.getBrokersAsString()), window, Clock.systemUTC(),
                config -> new KafkaConsumer<>(config) {
                    private boolean arrived;

                    @Override
                    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
                        Map<TopicPartition, Long> ends = super.endOffsets(partitions);
                        arriveOnce(published);
                        return ends;
                    }

                    @Override
                    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> times) {
                        Map<TopicPartition, OffsetAndTimestamp> offsets = super.offsetsForTimes(times);
                        arriveOnce(published);
                        return offsets;
                    }

                    private void arriveOnce(ClusterEvent event) {
                        if (!arrived) {
                            arrived = true;
                            publish(broker.getBrokersAsString(), event);
                        }
                    }
                }, Duration.ofSeconds(5));

        feed.start();

        await().atMost(WAIT).untilAsserted(() -> assertThat(window.events()).containsExactly(published));
    }

    @Test
    void shouldFillTheWindowWhenKafkaBecomesReachableOnlyAfterTheWorkerStarted() throws IOException {
        logged.start();
        feedLog.addAppender(logged);
        broker = startedBroker();
        // the worker's bootstrap address: nothing listens there until the forwarder to the broker opens
        int port = freePort();
        feed = new WindowFeed(() -> consumerConfig("localhost:" + port), window, Clock.systemUTC(),
                KafkaConsumer::new, Duration.ofMillis(300));
        feed.start();
        await().atMost(WAIT).until(() -> List.copyOf(logged.list).stream()
                .anyMatch(e -> e.getFormattedMessage().startsWith("cannot reach Kafka to look up cluster.events")));

        forwarder = new Forwarder(port, broker.getBrokersAsString());
        ClusterEvent published = greeterBackOff(4, T0);
        publish(broker.getBrokersAsString(), published);

        await().atMost(WAIT).untilAsserted(() -> assertThat(window.events()).containsExactly(published));
        assertThat(feed.isRunning()).isTrue();
    }

    @Test
    void shouldSkipAnEventWithoutAnEventUidAndGoOnWhenOneIsPublished() {
        logged.start();
        feedLog.addAppender(logged);
        broker = startedBroker();
        ClusterEvent valid = greeterBackOff(4, T0);
        ClusterEvent withoutUid = new ClusterEvent(null, valid.origin(), valid.involvedObject(), valid.owners(),
                valid.reason(), valid.message(), valid.type(), valid.count(), valid.firstSeen(), valid.lastSeen(),
                valid.reportingComponent(), valid.resourceVersion(), valid.container());
        feed = new WindowFeed(() -> consumerConfig(broker.getBrokersAsString()), window, Clock.systemUTC(),
                KafkaConsumer::new, Duration.ofSeconds(5));
        feed.start();

        publish(broker.getBrokersAsString(), withoutUid);
        publish(broker.getBrokersAsString(), valid);

        await().atMost(WAIT).untilAsserted(() -> assertThat(window.events()).containsExactly(valid));
        assertThat(List.copyOf(logged.list)).anyMatch(e -> e.getFormattedMessage().contains(
                "a cluster event needs an eventUid"));
        assertThat(feed.isRunning()).isTrue();
    }

    private static EmbeddedKafkaKraftBroker startedBroker() {
        EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 1);
        started.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                started.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
        }
        return started;
    }

    private static Map<String, Object> consumerConfig(String bootstrap) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    }

    private static void publish(String bootstrap, ClusterEvent event) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.CLUSTER_EVENTS.topicName(), 0, Instant.now().toEpochMilli(),
                    event.involvedObject().uid(), WireJson.write(Envelope.of("test", event.involvedObject().path(),
                    event)))).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + Topic.CLUSTER_EVENTS.topicName(), e);
        }
    }

    /** Plain TCP forwarding from a local port to the broker (clients then use the broker's advertised address). */
    private static final class Forwarder implements AutoCloseable {
        private final ServerSocket server;
        private final ExecutorService pipes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-forwarder");
            t.setDaemon(true);
            return t;
        });

        Forwarder(int port, String target) throws IOException {
            String[] hostPort = target.split(":");
            server = new ServerSocket(port);
            pipes.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
                        pipes.execute(() -> pipe(in, out));
                        pipes.execute(() -> pipe(out, in));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        private static void pipe(Socket from, Socket to) {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            pipes.shutdownNow();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
