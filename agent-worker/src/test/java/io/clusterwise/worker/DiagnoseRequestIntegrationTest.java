package io.clusterwise.worker;

import io.clusterwise.contracts.DiagnoseReply;
import io.clusterwise.contracts.DiagnoseRequest;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.IncidentReport;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Severity;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.state.ClusterView;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.clusterwise.worker.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Diagnose requests on {@code agent.questions}, answered by the running worker on the asking gateway's partition of
 * {@code agent.replies}: a real KRaft broker, the worker started through its entry point, a cluster of four namespaces
 * published on cluster.events and cluster.state before it starts.
 */
class DiagnoseRequestIntegrationTest {

    private static final int REPLY_PARTITION = 4;
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final String GREETER = "CrashLoopBackOff:Deployment/demo/greeter";
    private static final String SHOP_API = "ImagePullBackOff:Deployment/shop/api";
    private static final String NOT_READY = "NodeNotReady:Node/worker-2";
    private static final String PRESSURE = "NodePressure:Node/worker-3";

    private static EmbeddedKafkaKraftBroker broker;
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
        // demo: the crash-looping greeter
        Fixtures.crashLoopingGreeter().forEach(kafka::publishEvent);
        kafka.publishSnapshot(Manifests.snapshot("greeter-deployment"));
        // shop: an image that cannot be pulled
        ObjectRef api = new ObjectRef("Pod", "shop", "api-7f9c8d6b5-m3n4b", "api-pod-uid");
        kafka.publishEvent(Fixtures.event("ev-pull-api", api, List.of(
                        new ObjectRef("ReplicaSet", "shop", "api-7f9c8d6b5", "rs-api"),
                        new ObjectRef("Deployment", "shop", "api", "d-api")), "Failed",
                "Failed to pull image \"ghcr.io/example/api:3.1.0-typo\": not found", EventType.Warning, 3, T0,
                T0.plus(Duration.ofMinutes(50)), "kubelet"));
        // jobs: a pod evicted from NotReady worker-2; worker-3 under memory pressure, no pod affected
        kafka.publishSnapshot(Manifests.snapshot("notready-node"));
        kafka.publishSnapshot(Manifests.snapshot("evicted-pod", Manifests.deploymentChain("jobs", "batch",
                "batch-7c9d8f6b5")));
        kafka.publishSnapshot(Manifests.snapshot("pressured-node"));
        // quiet: a namespace with nothing in it, known only from its Namespace object
        kafka.publishSnapshot(Manifests.snapshot(WireJson.mapper().createObjectNode().put("apiVersion", "v1")
                .put("kind", "Namespace").set("metadata", WireJson.mapper().createObjectNode()
                        .put("name", "quiet").put("uid", "ns-quiet")), Instant.now()));
        replies = kafka.reader(Topic.AGENT_REPLIES.topicName(), Topic.AGENT_REPLIES.partitions());

        worker = AgentWorkerApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--clusterwise.cluster-name=it",
                "--clusterwise.worker.instance-id=diagnose-it",
                // no Ollama: diagnoses never ask the model
                "--clusterwise.worker.ollama.base-url=http://127.0.0.1:9",
                "--clusterwise.worker.answer-deadline=" + DEADLINE,
                "--clusterwise.worker.episodes.check-interval=PT0.2S");
        ClusterView view = worker.getBean(ClusterView.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(view.snapshot().incidents())
                .extracting(Incident::fingerprint).contains(GREETER, SHOP_API, NOT_READY, PRESSURE));
        Fixtures.awaitQuestionsAssigned(worker);
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
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldReplyWithNamespaceIncidentsWhenDiagnoseIsRequested() {
        DiagnoseRequest request = kafka.diagnose("demo", REPLY_PARTITION);

        ConsumerRecord<String, byte[]> record = awaitReplyRecord(request);
        DiagnoseReply reply = reply(record);

        assertThat(record.partition()).isEqualTo(REPLY_PARTITION);
        assertThat(record.key()).isEqualTo("demo");
        assertThat(ReplyHeaders.string(record.headers(), ReplyHeaders.CORRELATION_ID)).hasValue(request.requestId());
        assertThat(reply.namespace()).isEqualTo("demo");
        assertThat(reply.namespaceKnown()).isTrue();
        assertThat(reply.asOf()).isNotNull();
        assertThat(reply.namespaces()).containsExactly("demo", "jobs", "quiet", "shop");
        assertThat(reply.incidents()).singleElement().satisfies(i -> {
            assertThat(i.fingerprint()).isEqualTo(GREETER);
            assertThat(i.analyzer()).isEqualTo("crash-loop");
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.kind()).isEqualTo("Deployment");
            assertThat(i.name()).isEqualTo("greeter");
            assertThat(i.count()).isEqualTo(9);
            assertThat(i.affected()).contains(Fixtures.GREETER_POD.path());
            assertThat(i.evidence()).isNotEmpty();
        });
    }

    @Test
    void shouldIncludeANodesIncidentOnlyWhereItsPodsAreWhenANamespaceIsDiagnosed() {
        DiagnoseReply jobs = reply(awaitReplyRecord(kafka.diagnose("jobs", REPLY_PARTITION)));
        DiagnoseReply shop = reply(awaitReplyRecord(kafka.diagnose("shop", REPLY_PARTITION)));

        assertThat(jobs.incidents()).extracting(IncidentReport::fingerprint).containsExactly(NOT_READY);
        assertThat(jobs.incidents().get(0).namespace()).isNull();
        assertThat(jobs.incidents().get(0).affected()).anyMatch(a -> a.startsWith("Pod/jobs/"));
        assertThat(shop.incidents()).extracting(IncidentReport::fingerprint).containsExactly(SHOP_API);
    }

    @Test
    void shouldSayNamespaceUnknownWhenItIsNotInTheCluster() {
        DiagnoseReply unknown = reply(awaitReplyRecord(kafka.diagnose("nowhere", REPLY_PARTITION)));
        DiagnoseReply quiet = reply(awaitReplyRecord(kafka.diagnose("quiet", REPLY_PARTITION)));

        assertThat(unknown.namespace()).isEqualTo("nowhere");
        assertThat(unknown.namespaceKnown()).isFalse();
        assertThat(unknown.incidents()).isEmpty();
        assertThat(unknown.namespaces()).containsExactly("demo", "jobs", "quiet", "shop");
        assertThat(quiet.namespaceKnown()).as("known from its Namespace object alone").isTrue();
        assertThat(quiet.incidents()).isEmpty();
    }

    @Test
    void shouldDiagnoseWholeClusterWhenNoNamespaceIsGiven() {
        DiagnoseRequest request = kafka.diagnose(null, REPLY_PARTITION);

        ConsumerRecord<String, byte[]> record = awaitReplyRecord(request);
        DiagnoseReply reply = reply(record);

        assertThat(record.key()).isEqualTo("*");
        assertThat(reply.namespace()).isNull();
        assertThat(reply.namespaceKnown()).isTrue();
        assertThat(reply.incidents()).extracting(IncidentReport::fingerprint)
                .containsExactlyInAnyOrder(GREETER, SHOP_API, NOT_READY, PRESSURE);
        assertThat(reply.incidents()).as("most severe first").extracting(IncidentReport::severity)
                .isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(reply.incidents().get(reply.incidents().size() - 1).severity())
                .isNotEqualTo(reply.incidents().get(0).severity());
        assertThat(reply.namespaces()).containsExactly("demo", "jobs", "quiet", "shop");
    }

    @Test
    void shouldSkipADiagnoseRequestWhenItIsStale() {
        // the stale-question rule: older than twice the answer deadline
        DiagnoseRequest stale = kafka.diagnose("shop", REPLY_PARTITION, Instant.now().minus(DEADLINE.multipliedBy(3)));
        DiagnoseRequest fresh = kafka.diagnose("shop", REPLY_PARTITION);

        awaitReplyRecord(fresh);

        // same key, same partition: the stale one was read first, and skipped
        assertThat(repliesTo(stale)).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> awaitReplyRecord(DiagnoseRequest request) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !repliesTo(request).isEmpty());
        List<ConsumerRecord<String, byte[]>> records = repliesTo(request);
        assertThat(records).as("one reply per request").hasSize(1);
        return records.get(0);
    }

    private static List<ConsumerRecord<String, byte[]>> repliesTo(DiagnoseRequest request) {
        return replies.poll().stream().filter(r -> KafkaProbe.Reader.envelope(r).data() instanceof DiagnoseReply d
                && d.requestId().equals(request.requestId())).toList();
    }

    private static DiagnoseReply reply(ConsumerRecord<String, byte[]> record) {
        return (DiagnoseReply) KafkaProbe.Reader.envelope(record).data();
    }
}
