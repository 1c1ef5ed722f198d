package io.clusterwise.reliability;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Topic;
import io.clusterwise.testsupport.chat.SseChat;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The broker restarts mid-stream (issue #8, point 1): while Kubernetes Events are created at a steady rate and a chat
 * is being answered, the only Kafka broker is stopped for {@link #OUTAGE} and started again on its log directory.
 * <p>
 * What "exactly once" means here. Every Event this test creates is created once and never changed, so the API
 * server holds exactly one version of it (one UID, one resourceVersion) and a consumer of {@code cluster.events}
 * must see exactly one record whose {@code eventUid} is that UID (origin EVENT). A second record for that UID would
 * be the same version again: the producer retried a batch the broker had already written (no idempotence), or the
 * informer re-listed and the de-duplication memory did not know it was published. Ingest may legitimately publish an
 * Event again when its count goes up — readers replace by {@code eventUid} — but these Events never change, so any
 * second record of one is a duplicate; the records are also grouped by (UID, resourceVersion) to say which kind. A
 * created Event with no record is lost. Records are read as {@code read_committed} consumers read them.
 * <p>
 * An insight is told twice when a Slack reader would see the same announcement again: per fingerprint, in the order
 * of {@code agent.insights} (committed only), an OPENED while the episode is open, a RESOLVED while it is not, or an
 * ESCALATED with the same severity, count and affected objects as the announcement before it (a real escalation
 * needs more of one of them).
 * <p>
 * The chat must end — never hang — with {@code complete}, or with an {@code error}/{@code timeout} event carrying a
 * message the user sees; the test bounds the wait itself, since an HTTP request timeout does not cover a stream
 * body.
 */
class BrokerRestartTest {

    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final int EVENTS = 500;
    private static final Duration EVERY = Duration.ofMillis(50);
    private static final int PODS = 6;
    private static final String NAMESPACE = "demo";
    private static final String QUESTION = "why are the crasher pods in demo failing?";
    private static final Set<String> USER_SEES_THE_END = Set.of("complete", "error", "timeout");

    private static ReliabilityStack stack;
    private static ConfigurableApplicationContext gateway;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
        stack.startIngest(Map.of());
        // explanations share the slow model below: bound them so the episode checks keep their pace
        stack.startWorker(Map.of("clusterwise.worker.episodes.explanation-timeout", "PT2S"));
        gateway = stack.startGateway(Map.of("clusterwise.gateway.answer-timeout", "PT30S"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldPublishEveryEventOnceAndEndTheChatWhenTheBrokerRestartsMidStream() throws Exception {
        awaitAnsweringChats();
        // about 10 s of streaming: the chat's chunks and its complete go out around the outage
        stack.ollama().reply(IntStream.range(0, 25).mapToObj(i -> "part" + i + " ").toArray(String[]::new))
                .chunkDelay(Duration.ofMillis(400)).clearChatRequests();

        ExecutorService chatThread = Executors.newSingleThreadExecutor();
        ScheduledExecutorService producerThread = Executors.newSingleThreadScheduledExecutor();
        try (KubernetesClient kube = stack.kube()) {
            EventProducer producer = new EventProducer(kube);
            producerThread.scheduleAtFixedRate(producer, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> producer.created() >= 40);

            long chatStarted = System.nanoTime();
            CompletableFuture<SseChat.Answer> chat = CompletableFuture.supplyAsync(() -> ask(QUESTION), chatThread);
            await().atMost(Duration.ofSeconds(30)).until(() -> stack.ollama().chatRequests().stream()
                    .anyMatch(r -> r.allContent().contains(QUESTION)));

            long stopping = System.nanoTime();
            Duration outage = stack.broker().restartAfter(OUTAGE);
            long started = System.nanoTime();

            List<String> createdBefore = producer.createdBetween(Long.MIN_VALUE, stopping);
            List<String> createdDuringOutage = producer.createdBetween(stopping, started);
            long recoveryStart = System.nanoTime();
            String recovery;
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                        eventRecords().keySet().stream().anyMatch(createdDuringOutage::contains));
                recovery = (System.nanoTime() - recoveryStart) / 1_000_000 + " ms";
            } catch (ConditionTimeoutException e) {
                recovery = "none within 60 s"; // counted as lost below
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> producer.created() >= EVENTS);
            producerThread.shutdown();
            assertThat(producer.failures()).as("creating Events in the API (not the fault under test)").isEmpty();

            SseChat.Answer answer;
            try {
                answer = chat.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                answer = fail("the chat neither completed nor ended with an error within 60 s: it hangs");
            }
            Duration chatTook = Duration.ofNanos(System.nanoTime() - chatStarted);

            Set<String> created = producer.uids();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                        eventRecords().keySet().containsAll(created));
            } catch (ConditionTimeoutException e) {
                // what is still missing is counted as lost below, and fails the test there
            }

            Map<String, List<ClusterEvent>> records = eventRecords();
            Map<String, Integer> copies = new LinkedHashMap<>();
            Map<String, Integer> sameVersionAgain = new LinkedHashMap<>();
            for (String uid : created) {
                List<ClusterEvent> ofUid = records.getOrDefault(uid, List.of());
                if (ofUid.size() != 1) {
                    copies.put(uid, ofUid.size());
                }
                int versions = (int) ofUid.stream().map(ClusterEvent::resourceVersion).distinct().count();
                if (ofUid.size() > versions) {
                    sameVersionAgain.put(uid, ofUid.size() - versions);
                }
            }
            int duplicates = copies.values().stream().mapToInt(n -> Math.max(0, n - 1)).sum();
            long lost = created.stream().filter(uid -> !records.containsKey(uid)).count();

            List<Insight> insights = insights(stack);
            List<String> toldTwice = toldTwice(insights);
            String ending = answer.names().isEmpty() ? "nothing" : answer.names().get(answer.names().size() - 1);

            Figures.record("BrokerRestartTest", "broker stopped " + OUTAGE.toSeconds()
                            + " s mid-stream, restarted on its log dir",
                    "events created " + created.size() + " (" + createdBefore.size() + " before, "
                            + createdDuringOutage.size() + " during the outage, "
                            + (created.size() - createdBefore.size() - createdDuringOutage.size()) + " after)"
                            + ", on cluster.events " + created.stream().filter(records::containsKey).count()
                            + ", duplicates " + duplicates + " (same resourceVersion again "
                            + sameVersionAgain.values().stream().mapToInt(Integer::intValue).sum() + ")"
                            + ", lost " + lost + ", outage " + outage.toMillis() + " ms"
                            + ", recovery " + recovery + " (restart to the first event created during"
                            + " the outage on cluster.events), insights " + insights.size() + ", told twice "
                            + toldTwice.size() + ", chat ended with " + ending + " after " + chatTook.toMillis()
                            + " ms (" + answer.chunkTexts().size() + " chunks)");

            assertThat(copies).as("created Events whose record count on cluster.events is not exactly 1 "
                    + "(uid -> records); same version again: " + sameVersionAgain).isEmpty();
            assertThat(toldTwice).as("insights told twice").isEmpty();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(ending).as("the chat's last event, of " + answer.names()).isIn(USER_SEES_THE_END);
            if (!ending.equals("complete")) {
                SseChat.Event last = answer.events().get(answer.events().size() - 1);
                assertThat(last.data().path("message").asText()).as("what the user is told").isNotBlank();
            }
        } finally {
            chatThread.shutdownNow();
            producerThread.shutdownNow();
        }
    }

    /** The whole stack is up: a chat is answered by the model before anything breaks. */
    private static void awaitAnsweringChats() {
        stack.ollama().reply("warm ", "up");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            SseChat.Answer answer = ReliabilityStack.chat(gateway).ask("is anything failing?", Duration.ofSeconds(30));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.complete()).hasValueSatisfying(c ->
                    assertThat(c.path("mode").asText()).isEqualTo("MODEL"));
        });
    }

    private static SseChat.Answer ask(String question) {
        try {
            return ReliabilityStack.chat(gateway).ask(question, Duration.ofSeconds(60));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Committed records of Kubernetes Events on cluster.events, by eventUid, in offset order per partition. */
    private static Map<String, List<ClusterEvent>> eventRecords() {
        Map<String, List<ClusterEvent>> byUid = new HashMap<>();
        for (TopicScan.Read read : stack.topics().committed(Topic.CLUSTER_EVENTS)) {
            read.envelope().ifPresent(envelope -> {
                if (envelope.data() instanceof ClusterEvent event && event.origin() == ClusterEvent.Origin.EVENT) {
                    byUid.computeIfAbsent(event.eventUid(), uid -> new ArrayList<>()).add(event);
                }
            });
        }
        return byUid;
    }

    /** Committed insights, in offset order (one fingerprint is one key, so one partition: its order is kept). */
    static List<Insight> insights(ReliabilityStack stack) {
        return stack.topics().committed(Topic.AGENT_INSIGHTS).stream()
                .flatMap(read -> read.envelope().stream())
                .filter(envelope -> envelope.data() instanceof Insight)
                .map(envelope -> (Insight) envelope.data())
                .toList();
    }

    /** Announcements a reader would see twice (see the class comment), as "fingerprint TRANSITION". */
    static List<String> toldTwice(List<Insight> insights) {
        Map<String, Insight> last = new HashMap<>();
        List<String> twice = new ArrayList<>();
        for (Insight insight : insights) {
            Insight before = last.put(insight.fingerprint(), insight);
            boolean open = before != null && before.transition() != Insight.Transition.RESOLVED;
            boolean again = switch (insight.transition()) {
                case OPENED -> open;
                case RESOLVED -> !open;
                case ESCALATED -> !open || before.severity() == insight.severity() && before.count() == insight.count()
                        && before.affected().equals(insight.affected());
            };
            if (again) {
                twice.add(insight.fingerprint() + " " + insight.transition());
            }
        }
        return twice;
    }

    /**
     * Creates one new core/v1 Event per run (kubelet's BackOff warning about one of {@value #PODS} pods in
     * {@code demo}) until {@value #EVENTS} exist, remembering each one's UID and when it was created.
     */
    private static final class EventProducer implements Runnable {

        private final KubernetesClient kube;
        private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final String run = Long.toString(System.currentTimeMillis(), 36);
        private int next;

        EventProducer(KubernetesClient kube) {
            this.kube = kube;
        }

        @Override
        public void run() {
            if (next >= EVENTS) {
                return;
            }
            int i = next++;
            String pod = "crasher-" + (i % PODS);
            Event event = PodEvents.backOff(NAMESPACE, pod + ".brokerfault-" + run + "-" + i, pod);
            try {
                Event stored = kube.v1().events().inNamespace(NAMESPACE).resource(event).create();
                createdAt.put(stored.getMetadata().getUid(), System.nanoTime());
            } catch (RuntimeException e) {
                failures.add(event.getMetadata().getName() + ": " + e);
            }
        }

        int created() {
            return createdAt.size() + failures.size();
        }

        Set<String> uids() {
            return Set.copyOf(createdAt.keySet());
        }

        List<String> failures() {
            return Collections.unmodifiableList(failures);
        }

        List<String> createdBetween(long fromNanos, long toNanos) {
            return createdAt.entrySet().stream()
                    .filter(e -> e.getValue() >= fromNanos && e.getValue() <= toNanos)
                    .map(Map.Entry::getKey).collect(Collectors.toList());
        }
    }
}
