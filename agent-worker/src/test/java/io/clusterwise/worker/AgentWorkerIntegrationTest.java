package io.clusterwise.worker;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Episode;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Suppression;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Severity;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import io.clusterwise.testsupport.ollama.RecordedChat;
import io.clusterwise.worker.logs.LogExcerpt;
import io.clusterwise.worker.state.ClusterView;
import io.clusterwise.worker.window.EventWindow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.clusterwise.worker.Fixtures.BACKOFF_MESSAGE;
import static io.clusterwise.worker.Fixtures.GREETER_POD;
import static io.clusterwise.worker.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker as it runs: a real KRaft broker with clusterwise's topics, the worker started through its entry point,
 * and a real HTTP server speaking Ollama's protocol. Crash-looping greeter events are on cluster.events before the
 * worker starts, so its window is rebuilt from Kafka.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentWorkerIntegrationTest {

    private static final Duration DEADLINE = Duration.ofSeconds(4);
    private static final int REPLY_PARTITION = 3;
    private static final String POD_NAME = GREETER_POD.name();
    private static final String FINGERPRINT = "CrashLoopBackOff:Deployment/demo/greeter";
    private static final String EXPLANATION = "The greeter container keeps exiting with code 2 [E1].";
    private static final ObjectRef PAYMENTS_POD = new ObjectRef("Pod", "pay", "payments-6c7d8e9f5-k4m2p",
            "pod-payments");
    private static final List<ObjectRef> PAYMENTS_OWNERS = List.of(
            new ObjectRef("ReplicaSet", "pay", "payments-6c7d8e9f5", "rs-payments"),
            new ObjectRef("Deployment", "pay", "payments", "d-payments"));
    private static final Instant PAYMENTS_LOG_READ = T0.plus(Duration.ofMinutes(67));
    private static final List<String> PAYMENTS_LOG = List.of(
            "10:07:01.114 INFO  Starting PaymentsApplication",
            "10:07:03.520 ERROR HikariPool-1 - Exception during pool initialization",
            "org.postgresql.util.PSQLException: Connection to payments-db:5432 refused");

    private static EmbeddedKafkaKraftBroker broker;
    private static OllamaDouble ollama;
    private static KafkaProbe kafka;
    private static KafkaProbe.Reader replies;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        broker = KafkaProbe.broker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
        }
        kafka = new KafkaProbe(broker.getBrokersAsString());
        Fixtures.crashLoopingGreeter().forEach(kafka::publishEvent);
        Fixtures.healthyCoreDns().forEach(kafka::publishEvent);
        kafka.publishSnapshot(Manifests.snapshot("greeter-deployment"));
        replies = kafka.reader(Topic.AGENT_REPLIES.topicName(), Topic.AGENT_REPLIES.partitions());

        ollama = OllamaDouble.start();
        ollama.reply(EXPLANATION);
        worker = startWorker();

        EventWindow window = worker.getBean(EventWindow.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> window.size() == 8);
        awaitListening(worker);
        // the crash loop's OPENED insight (explained by the model) goes out first, before tests change the model
        try (KafkaProbe.Reader insights = kafka.reader(Topic.AGENT_INSIGHTS.topicName(),
                Topic.AGENT_INSIGHTS.partitions())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> insightsFor(insights).size() == 1);
        }
    }

    private static ConfigurableApplicationContext startWorker() {
        return AgentWorkerApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--clusterwise.cluster-name=it",
                "--clusterwise.worker.ollama.base-url=" + ollama.baseUrl(),
                "--clusterwise.worker.ollama.timeout=PT10S",
                "--clusterwise.worker.answer-deadline=" + DEADLINE,
                "--clusterwise.worker.episodes.check-interval=PT0.2S");
    }

    /** Until the workers' question listeners hold every partition of agent.questions between them. */
    private static void awaitListening(ConfigurableApplicationContext... contexts) {
        Fixtures.awaitQuestionsAssigned(contexts);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (replies != null) {
            replies.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (ollama != null) {
            ollama.stop();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    @Order(1)
    void shouldStreamTheModelsAnswerAndCompleteWithFindingsWhenOllamaIsHealthy() {
        ollama.healthy().reply("Greeter ", "exits with code 2 ", "[E1].");

        ChatQuestion q = kafka.ask("Why is greeter crashing?", REPLY_PARTITION);

        ChatReply.Complete complete = awaitComplete(q);
        List<ConsumerRecord<String, byte[]>> records = recordsOf(q);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.partition()).isEqualTo(REPLY_PARTITION);
            assertThat(r.key()).isEqualTo(q.conversationId());
            assertThat(ReplyHeaders.string(r.headers(), ReplyHeaders.CORRELATION_ID)).hasValue(q.questionId());
        });
        assertThat(chunks(records)).extracting(ChatReply.Chunk::text)
                .containsExactly("Greeter ", "exits with code 2 ", "[E1].");
        assertThat(chunks(records)).extracting(ChatReply.Chunk::seq).containsExactly(0, 1, 2);
        assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.MODEL);
        assertThat(complete.answer()).isEqualTo("Greeter exits with code 2 [E1].");
        assertThat(complete.model()).isEqualTo("mistral");
        assertThat(complete.notice()).isNull();
        assertThat(complete.findings()).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("CrashLoopBackOff");
            assertThat(f.object().path()).isEqualTo("Deployment/demo/greeter");
            assertThat(f.summary()).contains(POD_NAME, "crash-looping (exit code 2)",
                    "the deployment has unavailable replicas");
            assertThat(f.evidenceIds()).contains("E1", "E2", "E3");
        });
        // the model cited only E1: the reply carries that line, with its object, reason and time
        assertThat(complete.evidence()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("E1");
            assertThat(e.object()).isNotNull();
            assertThat(e.reason()).isNotBlank();
            assertThat(e.time()).isNotNull();
        });
        RecordedChat chat = chatAbout(q);
        assertThat(chat.allContent()).contains(POD_NAME, BACKOFF_MESSAGE, "Why is greeter crashing?");
        assertThat(chat.options()).containsEntry("num_ctx", 4096);
    }

    @Test
    @Order(2)
    void shouldAnswerFindingsOnlyWithThePullCommandWhenTheModelIsNotPulled() {
        ollama.healthy().models("llama3.2");
        try {
            ChatQuestion q = kafka.ask("what is wrong with greeter?", REPLY_PARTITION);

            ChatReply.Complete complete = awaitComplete(q);

            assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
            assertThat(complete.notice()).isEqualTo("model 'mistral' is not pulled on " + ollama.baseUrl()
                    + " — run `ollama pull mistral`");
            assertThat(complete.answer()).contains("The model was unavailable", "ollama pull mistral",
                    "Deployment/demo/greeter", POD_NAME, "CrashLoopBackOff", "9 times", "[E1][E2][E3]");
            assertThat(complete.findings()).extracting(f -> f.object().name()).containsExactly("greeter");
            assertWithinDeadline(q);
        } finally {
            ollama.models("mistral");
        }
    }

    @Test
    @Order(3)
    void shouldSendExactlyOneFindingsOnlyCompleteWhenTheStreamBreaksMidway() {
        ollama.healthy().reply("Greeter ", "never finishes").failMidStream("model runner has unexpectedly stopped");
        try {
            ChatQuestion q = kafka.ask("why is greeter crashing?", REPLY_PARTITION);

            ChatReply.Complete complete = awaitComplete(q);
            assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
            assertThat(complete.notice()).contains("model runner has unexpectedly stopped");
            assertThat(complete.answer()).contains(POD_NAME);
            // past the deadline, when a second Complete would have been sent
            await().during(DEADLINE.plusSeconds(1)).atMost(DEADLINE.plusSeconds(3))
                    .until(() -> completes(recordsOf(q)).size() == 1);
        } finally {
            ollama.healthy();
        }
    }

    @Test
    @Order(4)
    void shouldAnswerFindingsOnlyWithinTheDeadlineWhenTheModelIsTooSlow() {
        ollama.healthy().reply("too ", "late").chunkDelay(DEADLINE.multipliedBy(2));
        try {
            ChatQuestion q = kafka.ask("why is greeter crashing?", REPLY_PARTITION);

            ChatReply.Complete complete = awaitComplete(q);

            assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
            assertThat(complete.notice()).isEqualTo("the model did not finish within " + DEADLINE
                    + " (clusterwise.worker.answer-deadline)");
            assertThat(complete.answer()).contains(POD_NAME);
            assertThat(chunks(recordsOf(q))).isEmpty();
            assertWithinDeadline(q);
        } finally {
            ollama.healthy();
        }
    }

    @Test
    @Order(5)
    void shouldDeadLetterAPoisonQuestionAndStillAnswerTheNextOne() {
        byte[] poison = "this is not json".getBytes(StandardCharsets.UTF_8);
        try (KafkaProbe.Reader dlt = kafka.reader(Topic.AGENT_QUESTIONS.deadLetterTopicName(),
                Topic.AGENT_QUESTIONS.partitions())) {
            kafka.sendRaw(Topic.AGENT_QUESTIONS.topicName(), 2, poison);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(dlt.poll())
                    .anySatisfy(r -> {
                        assertThat(r.value()).isEqualTo(poison);
                        assertThat(r.partition()).isEqualTo(2);
                    }));
        }
        ChatQuestion next = kafka.ask("and greeter?", REPLY_PARTITION);

        assertThat(awaitComplete(next).mode()).isEqualTo(ChatReply.AnswerMode.MODEL);
    }

    @Test
    @Order(5)
    void shouldDeadLetterUnreadableRecordsOnTheTopicsEveryReplicaReadsAndGoOn() {
        for (Topic topic : List.of(Topic.CLUSTER_EVENTS, Topic.CLUSTER_STATE, Topic.AGENT_SUPPRESSIONS)) {
            byte[] poison = ("{\"not\":\"an envelope of " + topic.topicName() + "\"}").getBytes(StandardCharsets.UTF_8);
            try (KafkaProbe.Reader dlt = kafka.reader(topic.deadLetterTopicName(), topic.partitions())) {
                kafka.sendRaw(topic.topicName(), 0, poison);

                await(topic.deadLetterTopicName()).atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                        assertThat(dlt.poll()).anySatisfy(r -> {
                            assertThat(r.value()).isEqualTo(poison);
                            assertThat(r.partition()).isZero();
                        }));
            }
        }
        ChatQuestion next = kafka.ask("why is greeter failing after that?", REPLY_PARTITION);

        assertThat(awaitComplete(next).findings()).as("the window and state feeds went on")
                .anySatisfy(f -> assertThat(f.object().name()).isEqualTo("greeter"));
    }

    @Test
    @Order(6)
    void shouldReplyOnTheKeysPartitionWhenTheQuestionHasNoReplyHeaders() {
        ChatQuestion q = kafka.ask("why is greeter crashing?", null);

        ChatReply.Complete complete = awaitComplete(q);

        assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.MODEL);
        assertThat(recordsOf(q)).allSatisfy(r -> assertThat(ReplyHeaders.string(r.headers(),
                ReplyHeaders.CORRELATION_ID)).hasValue(q.questionId()));
    }

    @Test
    @Order(7)
    void shouldPublishOneOpenedInsightNamingTheDeploymentWithTheModelsExplanation() {
        try (KafkaProbe.Reader insights = kafka.reader(Topic.AGENT_INSIGHTS.topicName(),
                Topic.AGENT_INSIGHTS.partitions())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> insightsFor(insights).size() == 1);
            Insight insight = insightsFor(insights).get(0);
            assertThat(insight.transition()).isEqualTo(Insight.Transition.OPENED);
            assertThat(insight.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(insight.subject().path()).isEqualTo("Deployment/demo/greeter");
            assertThat(insight.title()).startsWith("Deployment demo/greeter: pod " + POD_NAME
                    + " is crash-looping (exit code 2)");
            assertThat(insight.affected()).contains(GREETER_POD);
            assertThat(insight.count()).isEqualTo(9);
            assertThat(insight.firstSeen()).isNotNull();
            assertThat(insight.lastSeen()).isNotNull();
            assertThat(insight.evidence()).isNotEmpty();
            assertThat(insight.suggestedCommands()).contains("kubectl -n demo describe deployment greeter",
                    "kubectl -n demo logs " + POD_NAME + " --previous")
                    .allSatisfy(c -> assertThat(c).doesNotContain("delete", "apply", "edit", "scale", "patch"));
            assertThat(insight.explanation()).isEqualTo(EXPLANATION);

            kafka.publishEvent(Fixtures.greeterBackOff(10, T0.plus(Duration.ofMinutes(63))));

            EventWindow window = worker.getBean(EventWindow.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> window.events().stream()
                    .anyMatch(e -> e.count() == 10));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> insightsFor(insights).size() == 1);
        }
    }

    @Test
    @Order(8)
    void shouldTellEachTransitionOnceWhenASecondWorkerJoinsAndTheFirstRestarts() {
        try (KafkaProbe.Reader insights = kafka.reader(Topic.AGENT_INSIGHTS.topicName(),
                Topic.AGENT_INSIGHTS.partitions())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> insightsFor(insights).size() == 1);
            ConfigurableApplicationContext second = startWorker();
            try {
                awaitWindow(second, 8);
                // the group rebalances agent.episodes between the two; neither repeats the OPENED insight
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                        .until(() -> insightsFor(insights).size() == 1);

                worker.close();
                worker = startWorker(); // a restart: a fresh context rebuilds window and state from Kafka
                awaitWindow(worker, 8);
                awaitListening(worker, second);
                ollama.healthy().reply("Still crashing [E1].");
                ChatQuestion q = kafka.ask("why is greeter crashing?", REPLY_PARTITION);
                ChatReply.Complete complete = awaitComplete(q);
                // rebuilt from Kafka: the events (seek by time) and the object state (cluster.state from the start)
                assertThat(complete.findings()).singleElement().satisfies(f -> {
                    assertThat(f.object().path()).isEqualTo("Deployment/demo/greeter");
                    assertThat(f.summary()).contains(POD_NAME, "the deployment has unavailable replicas");
                });
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> insightsFor(insights).size() == 1);

                // the pod and the deployment are healthy again: RESOLVED, told once by whichever worker owns it
                kafka.publishEvent(Fixtures.greeterReady(T0.plus(Duration.ofMinutes(64))));
                kafka.publishSnapshot(Manifests.snapshot(healthyGreeter(), Instant.now()));
                await().atMost(Duration.ofSeconds(15)).until(() -> insightsFor(insights).size() == 2);
                Insight resolved = insightsFor(insights).get(1);
                assertThat(resolved.transition()).isEqualTo(Insight.Transition.RESOLVED);
                assertThat(resolved.title()).startsWith("Resolved: Deployment demo/greeter CrashLoopBackOff");
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> insightsFor(insights).size() == 2);
            } finally {
                second.close();
            }
        }
    }

    @Test
    @Order(9)
    void shouldRecordTheEpisodeButPublishNoInsightWhenItsFingerprintIsMuted() {
        ObjectRef api = new ObjectRef("Pod", "shop", "api-7f9c8d6b5-m3n4b", "api-pod-uid");
        List<ObjectRef> owners = List.of(new ObjectRef("ReplicaSet", "shop", "api-7f9c8d6b5", "rs-api"),
                new ObjectRef("Deployment", "shop", "api", "d-api"));
        String muted = "ImagePullBackOff:Deployment/shop/api";
        kafka.publish(Topic.AGENT_SUPPRESSIONS.topicName(), "mute-shop", new Suppression("mute-shop", null,
                "ImagePullBackOff:Deployment/shop/*", "known: registry migration", "alice", Instant.now(),
                Instant.now().plus(Duration.ofHours(1))));
        try (KafkaProbe.Reader insights = kafka.reader(Topic.AGENT_INSIGHTS.topicName(),
                Topic.AGENT_INSIGHTS.partitions());
             KafkaProbe.Reader episodes = kafka.reader(Topic.AGENT_EPISODES.topicName(),
                     Topic.AGENT_EPISODES.partitions())) {
            kafka.publishEvent(Fixtures.event("ev-pull-api", api, owners, "Failed",
                    "Failed to pull image \"ghcr.io/example/api:3.1.0-typo\": not found", EventType.Warning, 3, T0,
                    T0.plus(Duration.ofMinutes(65)), "kubelet"));

            await().atMost(Duration.ofSeconds(15)).until(() -> episodes.poll().stream()
                    .anyMatch(r -> muted.equals(r.key())));
            Episode episode = (Episode) KafkaProbe.Reader.envelope(episodes.poll().stream()
                    .filter(r -> muted.equals(r.key())).findFirst().orElseThrow()).data();
            assertThat(episode.state()).isEqualTo(Episode.State.OPEN);
            assertThat(episode.lastTransition()).isEqualTo(Insight.Transition.OPENED);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> insights.poll().stream()
                    .noneMatch(r -> muted.equals(r.key())));
        }
    }

    @Test
    @Order(10)
    void shouldOpenOneInsightUnderTheDeploymentWhenTheReplicaSetsSnapshotArrivesAfterThePodsFacts() {
        ObjectRef deployment = new ObjectRef("Deployment", "store", "cart", "d-cart");
        ObjectRef replicaSet = new ObjectRef("ReplicaSet", "store", "cart-6b7c8d9f4", "rs-cart");
        ObjectRef pod = new ObjectRef("Pod", "store", "cart-6b7c8d9f4-p2q3r", "pod-cart");
        String early = "CrashLoopBackOff:ReplicaSet/store/cart-6b7c8d9f4";
        String settled = "CrashLoopBackOff:Deployment/store/cart";
        ClusterView view = worker.getBean(ClusterView.class);
        try (KafkaProbe.Reader insights = kafka.reader(Topic.AGENT_INSIGHTS.topicName(),
                Topic.AGENT_INSIGHTS.partitions())) {
            // ingest published the pod's facts before its ReplicaSet was in its cache: the chain stops there
            kafka.publishEvent(Fixtures.event("ev-cart-backoff", pod, List.of(replicaSet), "BackOff",
                    "Back-off restarting failed container cart in pod " + pod.name() + "_store(" + pod.uid() + ")",
                    EventType.Warning, 4, T0, T0.plus(Duration.ofMinutes(66)), "kubelet"));
            await().atMost(Duration.ofSeconds(10)).until(() -> view.snapshot().incidents().stream()
                    .anyMatch(i -> early.equals(i.fingerprint()) && !i.settled()));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> insights.poll().stream().noneMatch(r -> early.equals(r.key())));

            com.fasterxml.jackson.databind.node.ObjectNode rs = (com.fasterxml.jackson.databind.node.ObjectNode)
                    Manifests.json("greeter-replicaset").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) rs.path("metadata")).put("name", replicaSet.name())
                    .put("namespace", "store").put("uid", replicaSet.uid());
            ((com.fasterxml.jackson.databind.node.ObjectNode) rs.path("metadata").path("ownerReferences").get(0))
                    .put("name", deployment.name()).put("uid", deployment.uid());
            kafka.publishSnapshot(Manifests.snapshot(rs, Instant.now(), deployment));

            await().atMost(Duration.ofSeconds(15)).until(() -> insights.poll().stream()
                    .anyMatch(r -> settled.equals(r.key())));
            assertThat(insights.poll()).noneMatch(r -> early.equals(r.key()));
        }
    }

    @Test
    @Order(11)
    void shouldCiteLastLogLinesWhenPodCrashLoops() {
        kafka.publishEvent(Fixtures.status(PAYMENTS_POD, PAYMENTS_OWNERS, Fixtures.terminated("payments",
                        "CrashLoopBackOff", "Error", 1, PAYMENTS_LOG_READ.minusSeconds(5), 4), "CrashLoopBackOff",
                "container payments is waiting: CrashLoopBackOff; last terminated: Error, exit code 1; restarts: 4",
                EventType.Warning, T0, PAYMENTS_LOG_READ));
        kafka.publish(Topic.CLUSTER_LOGS.topicName(), PAYMENTS_POD.uid(), Fixtures.containerLog(PAYMENTS_POD,
                "payments", 4, 1, PAYMENTS_LOG_READ, PAYMENTS_LOG));
        awaitPaymentsLog("restart 4");
        ollama.healthy().reply("payments cannot reach its database ", "[E1].");

        ChatQuestion q = kafka.ask("why is payments crashing?", REPLY_PARTITION);

        ChatReply.Complete complete = awaitComplete(q);
        assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.MODEL);
        assertThat(complete.findings()).singleElement()
                .satisfies(f -> assertThat(f.object().path()).isEqualTo("Deployment/pay/payments"));
        assertThat(complete.evidence()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("E1");
            assertThat(e.reason()).isEqualTo(LogExcerpt.REASON);
            assertThat(e.object()).isEqualTo(PAYMENTS_POD);
            assertThat(e.message()).isEqualTo("last 3 lines of container payments, restart 4, exit code 1\n"
                    + String.join("\n", PAYMENTS_LOG));
            assertThat(e.time()).isEqualTo(PAYMENTS_LOG_READ);
        });
        assertThat(chatAbout(q).contentOf("user")).contains("E1 | Pod/pay/payments-6c7d8e9f5-k4m2p | ContainerLog | "
                + "read at " + PAYMENTS_LOG_READ + " | last 3 lines of container payments, restart 4, exit code 1\n"
                + "    " + String.join("\n    ", PAYMENTS_LOG) + "\n");
    }

    @Test
    @Order(12)
    void shouldDeadLetterAPoisonLogRecordAndCiteTheNextRestartsLines() {
        byte[] poison = "{\"not\":\"a container log\"}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProbe.Reader dlt = kafka.reader(Topic.CLUSTER_LOGS.deadLetterTopicName(),
                Topic.CLUSTER_LOGS.partitions())) {
            kafka.sendRaw(Topic.CLUSTER_LOGS.topicName(), 0, poison);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(dlt.poll()).anySatisfy(r -> {
                assertThat(r.value()).isEqualTo(poison);
                assertThat(r.partition()).isZero();
            }));
        }
        // the next record on the same partition: the pod's next restart
        kafka.sendRaw(Topic.CLUSTER_LOGS.topicName(), 0, WireJson.write(Envelope.of("it", PAYMENTS_POD.path(),
                Fixtures.containerLog(PAYMENTS_POD, "payments", 5, 1, PAYMENTS_LOG_READ.plusSeconds(300),
                        List.of("org.postgresql.util.PSQLException: FATAL: password authentication failed")))));
        awaitPaymentsLog("restart 5");
        ollama.healthy().reply("The password is wrong [E1].");

        ChatQuestion q = kafka.ask("what did payments log before it stopped?", REPLY_PARTITION);

        assertThat(awaitComplete(q).evidence()).singleElement().extracting(Evidence::message)
                .isEqualTo("last 1 line of container payments, restart 5, exit code 1\n"
                        + "org.postgresql.util.PSQLException: FATAL: password authentication failed");
    }

    /** Until an answer would see the payments incident citing this restart's log lines. */
    private static void awaitPaymentsLog(String restart) {
        ClusterView view = worker.getBean(ClusterView.class);
        await().atMost(Duration.ofSeconds(15)).until(() -> view.forAnswer().incidents().stream()
                .filter(i -> i.subject().name().equals("payments"))
                .flatMap(i -> i.examples().stream())
                .anyMatch(e -> LogExcerpt.REASON.equals(e.reason()) && e.message().contains(restart)));
    }

    private static com.fasterxml.jackson.databind.JsonNode healthyGreeter() {
        com.fasterxml.jackson.databind.node.ObjectNode d =
                (com.fasterxml.jackson.databind.node.ObjectNode) Manifests.json("greeter-deployment");
        com.fasterxml.jackson.databind.node.ObjectNode status = (com.fasterxml.jackson.databind.node.ObjectNode)
                d.path("status");
        status.put("availableReplicas", 1).put("readyReplicas", 1).put("unavailableReplicas", 0);
        status.remove("conditions");
        return d;
    }

    private static void awaitWindow(ConfigurableApplicationContext context, int events) {
        EventWindow window = context.getBean(EventWindow.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> window.size() >= events);
    }

    @Test
    @Order(100)
    void shouldAnswerFindingsOnlyNamingTheDeploymentWhenOllamaIsUnreachable() {
        ollama.stop();

        // by now greeter has recovered; shop/api cannot pull its image (muted insights still count as findings)
        ChatQuestion q = kafka.ask("what is wrong with api in shop?", REPLY_PARTITION);

        ChatReply.Complete complete = awaitComplete(q);
        assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
        assertThat(complete.notice()).startsWith("Ollama is unreachable at " + ollama.baseUrl());
        assertThat(complete.answer()).contains("Deployment/shop/api", "api-7f9c8d6b5-m3n4b", "cannot pull its image");
        assertThat(complete.findings()).extracting(Finding::analyzer).containsExactly("ImagePullBackOff");
        assertWithinDeadline(q);
    }

    @Test
    @Order(101)
    void shouldListLogEvidenceInFindingsOnlyAnswerWhenModelIsDown() {
        // Ollama was stopped above; payments' latest restart logged one line (see the poison test)
        ChatQuestion q = kafka.ask("why is payments crashing?", REPLY_PARTITION);

        ChatReply.Complete complete = awaitComplete(q);
        assertThat(complete.mode()).isEqualTo(ChatReply.AnswerMode.FINDINGS_ONLY);
        assertThat(complete.answer()).contains("Deployment/pay/payments", "Last log lines:\n[E1] "
                + "Pod/pay/payments-6c7d8e9f5-k4m2p: last 1 line of container payments, restart 5, exit code 1\n"
                + "    org.postgresql.util.PSQLException: FATAL: password authentication failed");
        assertThat(complete.evidence()).anySatisfy(e -> {
            assertThat(e.id()).isEqualTo("E1");
            assertThat(e.reason()).isEqualTo(LogExcerpt.REASON);
            assertThat(e.message()).endsWith("FATAL: password authentication failed");
        });
        assertWithinDeadline(q);
    }

    private static ChatReply.Complete awaitComplete(ChatQuestion q) {
        await().atMost(DEADLINE.plusSeconds(10)).until(() -> !completes(recordsOf(q)).isEmpty());
        return completes(recordsOf(q)).get(0);
    }

    /** The Complete left the worker within the deadline of the question being sent. */
    private static void assertWithinDeadline(ChatQuestion q) {
        List<ConsumerRecord<String, byte[]>> records = recordsOf(q);
        ConsumerRecord<String, byte[]> complete = records.stream()
                .filter(r -> KafkaProbe.Reader.envelope(r).data() instanceof ChatReply.Complete).findFirst()
                .orElseThrow();
        Duration took = Duration.between(q.askedAt(), Instant.ofEpochMilli(complete.timestamp()));
        assertThat(took).isLessThan(DEADLINE);
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(ChatQuestion q) {
        return replies.poll().stream()
                .filter(r -> ((ChatReply) KafkaProbe.Reader.envelope(r).data()).questionId().equals(q.questionId()))
                .toList();
    }

    private static List<ChatReply.Chunk> chunks(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> KafkaProbe.Reader.envelope(r).data())
                .filter(ChatReply.Chunk.class::isInstance).map(ChatReply.Chunk.class::cast).toList();
    }

    private static List<ChatReply.Complete> completes(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> KafkaProbe.Reader.envelope(r).data())
                .filter(ChatReply.Complete.class::isInstance).map(ChatReply.Complete.class::cast).toList();
    }

    private static List<Insight> insightsFor(KafkaProbe.Reader insights) {
        return insights.poll().stream().filter(r -> FINGERPRINT.equals(r.key()))
                .map(r -> (Insight) KafkaProbe.Reader.envelope(r).data()).toList();
    }

    /** The model call that answered this question (insight explanations call the model too). */
    private static RecordedChat chatAbout(ChatQuestion q) {
        return ollama.chatRequests().stream().filter(c -> c.allContent().contains(q.question()))
                .reduce((a, b) -> b).orElseThrow();
    }
}
