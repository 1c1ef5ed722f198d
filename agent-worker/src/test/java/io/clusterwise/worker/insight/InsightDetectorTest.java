package io.clusterwise.worker.insight;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeSerializer;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.worker.analysis.Analysis;
import io.clusterwise.worker.window.EventWindow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.clusterwise.worker.Fixtures.GREETER_POD;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.greeterCrashLoopStatus;
import static io.clusterwise.worker.Fixtures.greeterReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The detector's checks driven one by one, publishing to a real KRaft broker. */
class InsightDetectorTest {

    private static final String FINGERPRINT = "CrashLoopBackOff/" + GREETER_POD.uid();
    private static EmbeddedKafkaKraftBroker broker;
    private static DefaultKafkaProducerFactory<String, Envelope<?>> producers;
    private static KafkaConsumer<String, byte[]> insights;
    private static final List<Insight> received = new ArrayList<>();

    private final SettableClock clock = new SettableClock(Instant.now());
    private final EventWindow window = new EventWindow(100, Duration.ofHours(1), clock);
    private final InsightDetector detector = new InsightDetector(window, Analysis.standard(),
            new KafkaTemplate<>(producers), "test", clock);

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
        }
        producers = new DefaultKafkaProducerFactory<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()), new StringSerializer(), new EnvelopeSerializer());
        insights = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = IntStream.range(0, Topic.AGENT_INSIGHTS.partitions())
                .mapToObj(p -> new TopicPartition(Topic.AGENT_INSIGHTS.topicName(), p)).toList();
        insights.assign(all);
        insights.seekToBeginning(all);
    }

    @AfterAll
    static void stop() {
        if (insights != null) {
            insights.close();
        }
        if (producers != null) {
            producers.destroy();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldAnnounceAFlappingCrashLoopOnceAndAgainWhenItReturnsAfterTheWindowForgotIt() {
        window.add(greeterCrashLoopStatus(T0.plusSeconds(60)), clock.instant());
        detector.check();
        awaitInsights(1);

        // ready for a moment, then crashing again: the same episode
        clock.advance(Duration.ofMinutes(5));
        window.add(greeterReady(T0.plusSeconds(400)), clock.instant());
        detector.check();
        clock.advance(Duration.ofMinutes(5));
        window.add(greeterCrashLoopStatus(T0.plusSeconds(700)), clock.instant());
        detector.check();
        flushed();
        assertThat(insightsSoFar()).hasSize(1);

        // quiet for longer than the window's max-age, then back: a new episode
        clock.advance(Duration.ofMinutes(61));
        detector.check();
        window.add(greeterCrashLoopStatus(T0.plus(Duration.ofMinutes(72))), clock.instant());
        detector.check();

        awaitInsights(2);
        assertThat(insightsSoFar()).extracting(Insight::transition)
                .containsExactly(Insight.Transition.OPENED, Insight.Transition.OPENED);
    }

    private static void flushed() {
        producers.createProducer().flush();
    }

    private static void awaitInsights(int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> insightsSoFar().size() >= count);
    }

    private static synchronized List<Insight> insightsSoFar() {
        insights.poll(Duration.ofMillis(100)).forEach(r -> {
            if (FINGERPRINT.equals(r.key())) {
                received.add((Insight) WireJson.read(Topic.AGENT_INSIGHTS, r.value()).data());
            }
        });
        return List.copyOf(received);
    }

    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
