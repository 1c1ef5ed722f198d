package io.clusterwise.reliability;

import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Topic;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker is away longer than a producer waits for it ({@code max.block.ms}) while the episode keeper announces a
 * transition, at two moments:
 * <ul>
 *   <li>before the transaction's records reach the broker: the transaction fails and is aborted on the client;</li>
 *   <li>after they were written, before the commit: the commit times out, and Kafka's producer then refuses to abort
 *       ("the previous call to commitTransaction timed out and must be retried") — whether the transition was written
 *       is unknown until a new producer with the same transactional id settles it.</li>
 * </ul>
 * What a Slack reader must see once the broker is back, in both: the transition, exactly once.
 */
class EpisodeCommitTimeoutTest {

    /** What the worker's producers wait for the broker; every outage here is longer. */
    private static final Duration MAX_BLOCK = Duration.ofSeconds(3);
    /** An episode resolves after this long without new evidence: during the outage, here. */
    private static final Duration QUIET = Duration.ofSeconds(8);
    private static final String NAMESPACE = "demo";
    private static final String INSIGHTS = Topic.AGENT_INSIGHTS.topicName();

    private static ReliabilityStack stack;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
        stack.startIngest(Map.of());
        stack.startWorker(Map.of("clusterwise.worker.episodes.quiet-period", QUIET.toString(),
                "clusterwise.worker.episodes.check-interval", "PT0.5S",
                "clusterwise.worker.episodes.explanation-timeout", "PT1S",
                "clusterwise.worker.episodes.owner-grace", "PT1S",
                "spring.kafka.producer.properties.max.block.ms", Long.toString(MAX_BLOCK.toMillis()),
                "spring.kafka.producer.properties.interceptor.classes", StopBrokerOnInsightAck.class.getName()));
    }

    @AfterAll
    static void stop() {
        StopBrokerOnInsightAck.ARMED.set(null);
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldAnnounceTheResolutionOnceWhenTheBrokerWentAwayBeforeItsRecordsWereSent() throws Exception {
        String pod = "flaky-0";
        crashLoop(pod);

        // the episode goes quiet while the broker is away: its RESOLVED is decided and cannot be sent
        Duration outage = stack.broker().restartAfter(Duration.ofSeconds(16));
        long restarted = System.nanoTime();

        awaitTransitions(pod, 2);
        record(pod, "before its records were sent", outage, restarted);
    }

    @Test
    void shouldAnnounceTheResolutionOnceWhenItsCommitTimedOutAfterItsRecordsWereWritten() throws Exception {
        String pod = "flaky-1";
        crashLoop(pod);

        // the broker stops in the producer's I/O thread once the RESOLVED insight is written, before the commit
        StopBrokerOnInsightAck.ARMED.set(stack.broker());
        await().atMost(QUIET.multipliedBy(3)).until(() -> StopBrokerOnInsightAck.ARMED.get() == null
                && !stack.broker().running());
        long stopped = System.nanoTime();
        Thread.sleep(MAX_BLOCK.multipliedBy(3).toMillis()); // the outage is the fault injected, not a wait for a result
        stack.broker().start();
        long restarted = System.nanoTime();

        awaitTransitions(pod, 2);
        record(pod, "after its records were written, before the commit", Duration.ofNanos(restarted - stopped),
                restarted);
    }

    /** Creates the pod's crash loop (three BackOff warnings) and waits for its OPENED insight. */
    private static void crashLoop(String pod) {
        try (KubernetesClient kube = stack.kube()) {
            for (int i = 0; i < 3; i++) {
                backOff(kube, pod, i);
            }
        }
        awaitTransitions(pod, 1);
    }

    private static void awaitTransitions(String pod, int count) {
        await(count + " insight(s) about " + pod + " on agent.insights").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).until(() -> transitions(pod).size() >= count);
    }

    private static void record(String pod, String when, Duration outage, long restarted) {
        long told = System.nanoTime();
        List<Insight.Transition> transitions = transitions(pod);
        List<String> twice = BrokerRestartTest.toldTwice(BrokerRestartTest.insights(stack));
        Figures.record("EpisodeCommitTimeoutTest", "broker away (> producer max.block.ms " + MAX_BLOCK.toSeconds()
                        + " s) while an episode resolves, " + when,
                "outage " + outage.toMillis() + " ms; " + pod + " transitions on agent.insights " + transitions
                        + "; seen " + Duration.ofNanos(told - restarted).toMillis()
                        + " ms after the broker started again; insights told twice " + twice.size());
        assertThat(transitions).as("what a Slack reader saw of " + pod).containsExactly(Insight.Transition.OPENED,
                Insight.Transition.RESOLVED);
        assertThat(twice).as("insights told twice").isEmpty();
    }

    /** The committed insights about {@code pod}, in order. */
    private static List<Insight.Transition> transitions(String pod) {
        return BrokerRestartTest.insights(stack).stream()
                .filter(insight -> insight.subject() != null && insight.subject().path().endsWith("/" + pod))
                .map(Insight::transition)
                .toList();
    }

    /** kubelet's BackOff warning about a pod that crash-loops (the pod object itself is not in the API). */
    private static void backOff(KubernetesClient kube, String pod, int n) {
        kube.v1().events().inNamespace(NAMESPACE).resource(PodEvents.backOff(NAMESPACE, pod + ".backoff-" + n, pod))
                .create();
    }

    /**
     * In the worker's producers (Kafka creates it from {@code interceptor.classes}): once armed, the first
     * acknowledgement of a record on {@code agent.insights} stops the broker, in the producer's I/O thread — so the
     * transaction's records are written and its commit cannot be sent.
     */
    public static final class StopBrokerOnInsightAck implements ProducerInterceptor<Object, Object> {

        static final AtomicReference<RestartableBroker> ARMED = new AtomicReference<>();

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            if (exception == null && metadata != null && INSIGHTS.equals(metadata.topic())) {
                RestartableBroker broker = ARMED.getAndSet(null);
                if (broker != null) {
                    broker.stop();
                }
            }
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }
}
