package io.clusterwise.ingest;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.PayloadType;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.contracts.WireJson;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest as it runs: a real KRaft broker, fabric8's CRUD mock API server reached through a kubeconfig file over
 * plain HTTP, the service started with {@link IngestServiceApplication#builder()}, and a plain KafkaConsumer reading
 * {@code cluster.events}. Each test works in its own namespace.
 */
class IngestServiceIntegrationTests {

    private static final String CLUSTER = "test-cluster";
    private static final String TEST_USER_AGENT = "clusterwise-test";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    private static EmbeddedKafkaKraftBroker broker;
    private static KubernetesMockServer apiServer;
    private static KubernetesClient kube;
    private static ConfigurableApplicationContext ingest;
    private static KafkaConsumer<String, byte[]> consumer;
    private static final List<Received> received = new ArrayList<>();

    record Received(String key, String json, Envelope<Payload> envelope) {
        ClusterEvent event() {
            return (ClusterEvent) envelope.data();
        }
    }

    @BeforeAll
    static void startEverything() {
        broker = new EmbeddedKafkaKraftBroker(1, Topic.CLUSTER_EVENTS.partitions());
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
        }
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        apiServer.init();
        Config testClientConfig = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.url("/"))
                .withHttp2Disable(true).withUserAgent(TEST_USER_AGENT).withNamespace("default").build();
        kube = new KubernetesClientBuilder().withConfig(testClientConfig).build();

        ingest = IngestServiceApplication.builder().run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--clusterwise.cluster-name=" + CLUSTER,
                "--clusterwise.ingest.kubeconfig=" + Kubeconfigs.write(dir, apiServer.url("/")));

        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = IntStream.range(0, Topic.CLUSTER_EVENTS.partitions())
                .mapToObj(p -> new TopicPartition(Topic.CLUSTER_EVENTS.topicName(), p)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    @AfterAll
    static void stopEverything() {
        if (consumer != null) {
            consumer.close();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (kube != null) {
            kube.close();
        }
        if (apiServer != null) {
            apiServer.destroy();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldPublishNormalizedRedactedFactsKeyedByPodUidWhenGreeterPodCrashLoops() throws Exception {
        Pod pod = createGreeterPod("demo");
        String podUid = pod.getMetadata().getUid();
        ObjectRef replicaSet = new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d", Samples.GREETER_REPLICASET_UID);

        Received status = awaitRecord(podUid, e -> e.origin() == ClusterEvent.Origin.POD_STATUS);
        assertThat(status.envelope().source()).isEqualTo(CLUSTER);
        assertThat(status.envelope().type()).isEqualTo(PayloadType.CLUSTER_EVENT.tag());
        assertThat(status.envelope().subject()).isEqualTo("Pod/demo/greeter-8f2588814d-a31b9");
        assertThat(status.event().eventUid()).isEqualTo("pod-status/" + podUid + "/greeter");
        assertThat(status.event().reason()).isEqualTo("CrashLoopBackOff");
        assertThat(status.event().message()).contains("last terminated: Error, exit code 2").endsWith("restarts: 9");
        assertThat(status.event().type()).isEqualTo(EventType.Warning);
        assertThat(status.event().count()).isEqualTo(9);
        assertThat(status.event().owners()).containsExactly(replicaSet);
        assertThat(status.event().container()).isEqualTo(new ClusterEvent.ContainerFacts("greeter",
                "CrashLoopBackOff", "Error", 2, Instant.parse("2026-11-20T09:04:51Z"), 9, false));

        // the kubelet's events about this pod, plus one whose message leaks a connection string
        Map<String, String> eventUids = new HashMap<>();
        for (Event event : Samples.greeterEvents()) {
            Event created = createEventAbout(pod, event);
            eventUids.put(created.getReason(), created.getMetadata().getUid());
        }
        Event failed = createEventAbout(pod, new EventBuilder(Samples.greeterEvent("BackOff"))
                .editMetadata().withName("greeter-8f2588814d-a31b9.5d1c0e9b7a3f2e41").endMetadata()
                .withReason("Failed").withCount(1)
                .withMessage("Error: failed to create containerd task: exec: \"/app/greeter --db-url="
                        + "postgres://greeter:" + Samples.SEEDED_SECRET + "@db.demo.svc:5432/app\": permission denied; "
                        + "env DB_PASSWORD=" + Samples.SEEDED_SECRET)
                .build());

        Received backOff = awaitRecord(podUid, e -> eventUids.get("BackOff").equals(e.eventUid()));
        assertThat(backOff.event()).isEqualTo(new ClusterEvent(eventUids.get("BackOff"), ClusterEvent.Origin.EVENT,
                new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9", podUid), List.of(replicaSet), "BackOff",
                "Back-off restarting failed container greeter in pod greeter-8f2588814d-a31b9_demo"
                        + "(5cda4217-829e-50d4-4539-3e3b04424452)",
                EventType.Warning, 9, Instant.parse("2026-11-20T09:00:40Z"),
                Instant.parse("2026-11-20T09:58:20Z"), "kubelet", backOff.event().resourceVersion(), null));
        assertThat(backOff.envelope().time()).isEqualTo(Instant.parse("2026-11-20T09:58:20Z"));

        for (String reason : List.of("Scheduled", "Pulled", "Created", "Started")) {
            Received normal = awaitRecord(podUid, e -> eventUids.get(reason).equals(e.eventUid()));
            assertThat(normal.event().type()).as(reason).isEqualTo(EventType.Normal);
            assertThat(normal.event().origin()).isEqualTo(ClusterEvent.Origin.EVENT);
        }

        Received leaked = awaitRecord(podUid, e -> failed.getMetadata().getUid().equals(e.eventUid()));
        assertThat(leaked.event().message())
                .contains("postgres://greeter:***@db.demo.svc:5432/app")
                .endsWith("env DB_PASSWORD=***");
        assertThat(received()).extracting(Received::json).noneMatch(json -> json.contains(Samples.SEEDED_SECRET));

        assertThat(httpGet("/actuator/prometheus"))
                .containsPattern("clusterwise_ingest_redactions_total(\\{[^}]*})? [1-9]")
                .containsPattern("clusterwise_ingest_events_published_total\\{[^}]*origin=\"EVENT\"[^}]*} [1-9]")
                .containsPattern("clusterwise_ingest_events_published_total\\{[^}]*origin=\"POD_STATUS\"[^}]*} [1-9]");
    }

    @Test
    void shouldRepublishWithSameEventUidAndKeyWhenEventCountGoesUp() {
        Pod pod = createGreeterPod("bump");
        Event backOff = createEventAbout(pod, Samples.greeterEvent("BackOff"));
        String eventUid = backOff.getMetadata().getUid();
        awaitRecord(pod.getMetadata().getUid(), e -> eventUid.equals(e.eventUid()) && e.count() == 9);

        kube.v1().events().inNamespace("bump").withName(backOff.getMetadata().getName())
                .edit(e -> new EventBuilder(e).withCount(10).withLastTimestamp("2026-11-20T10:03:20Z").build());

        Received bumped = awaitRecord(pod.getMetadata().getUid(), e -> eventUid.equals(e.eventUid()) && e.count() == 10);
        assertThat(bumped.event().lastSeen()).isEqualTo(Instant.parse("2026-11-20T10:03:20Z"));
        assertThat(bumped.event().firstSeen()).isEqualTo(Instant.parse("2026-11-20T09:00:40Z"));
    }

    @Test
    void shouldPublishContainerReadyWhenCrashLoopingContainerRecovers() {
        Pod pod = createGreeterPod("recover");
        String podUid = pod.getMetadata().getUid();
        awaitRecord(podUid, e -> "CrashLoopBackOff".equals(e.reason()));

        kube.pods().inNamespace("recover").withName(pod.getMetadata().getName()).edit(p -> new PodBuilder(p)
                .editStatus().withContainerStatuses(new ContainerStatusBuilder(p.getStatus().getContainerStatuses().get(0))
                        .withReady(true).withStarted(true).withRestartCount(10)
                        .withNewState().withNewRunning().withStartedAt("2026-11-20T10:05:00Z").endRunning().endState()
                        .build())
                .endStatus().build());

        Received ready = awaitRecord(podUid, e -> "ContainerReady".equals(e.reason()));
        assertThat(ready.event().eventUid()).isEqualTo("pod-status/" + podUid + "/greeter");
        assertThat(ready.event().type()).isEqualTo(EventType.Normal);
        assertThat(ready.event().message()).isEqualTo("container greeter is ready; restarts: 10");
    }

    /** A termination message can carry kilobytes of the container's own JSON log, secrets included. */
    @Test
    void shouldKeepPublishingWhenTerminationMessageHoldsKilobytesLongJsonSecret() {
        String log = "{\"level\":\"fatal\",\"db_password\":\"" + Samples.SEEDED_SECRET + "x".repeat(4_000)
                + "\",\"msg\":\"cannot connect\"}";
        Pod leaking = new PodBuilder(Samples.greeterPod()).editMetadata().withNamespace("longlog").endMetadata()
                .editStatus().withContainerStatuses(new ContainerStatusBuilder(
                        Samples.greeterPod().getStatus().getContainerStatuses().get(0))
                        .editLastState().editTerminated().withMessage(log).endTerminated().endLastState().build())
                .endStatus().build();
        String leakingUid = kube.pods().inNamespace("longlog").resource(leaking).create().getMetadata().getUid();

        Received status = awaitRecord(leakingUid, e -> e.origin() == ClusterEvent.Origin.POD_STATUS);
        assertThat(status.event().message()).contains("({\"level\":\"fatal\",\"db_password\":\"***\","
                + "\"msg\":\"cannot connect\"})");
        assertThat(status.json()).doesNotContain(Samples.SEEDED_SECRET);

        String nextUid = createGreeterPod("afterlonglog").getMetadata().getUid();
        awaitRecord(nextUid, e -> e.origin() == ClusterEvent.Origin.POD_STATUS);
    }

    @Test
    void shouldReportHealthUpWhenInformersHaveSynced() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(httpGet("/actuator/health"))
                .contains("\"status\":\"UP\"")
                .contains("\"ingest\":{")
                .contains("\"Pod in all namespaces\":\"synced\"")
                .contains("\"Event in all namespaces\":\"synced\""));
    }

    @Test
    void shouldOnlyListAndWatchPodsAndEventsWhenIngesting() throws InterruptedException {
        createGreeterPod("readonly");
        awaitRecord(null, e -> "readonly".equals(e.involvedObject().namespace()));

        List<RecordedRequest> ingestRequests = new ArrayList<>();
        for (RecordedRequest r = apiServer.takeRequest(100, TimeUnit.MILLISECONDS); r != null;
             r = apiServer.takeRequest(100, TimeUnit.MILLISECONDS)) {
            if (!TEST_USER_AGENT.equals(r.getHeader("User-Agent"))) {
                ingestRequests.add(r);
            }
        }

        assertThat(ingestRequests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getMethod()).as(r.getPath()).isEqualTo("GET");
            assertThat(r.getPath()).as(r.getPath()).matches("/api/v1/(events|pods)\\?.*");
        });
    }

    private static Pod createGreeterPod(String namespace) {
        Pod pod = new PodBuilder(Samples.greeterPod()).editMetadata().withNamespace(namespace).endMetadata().build();
        return kube.pods().inNamespace(namespace).resource(pod).create();
    }

    /** The event as the kubelet would write it: in the pod's namespace, naming the pod's real UID. */
    private static Event createEventAbout(Pod pod, Event event) {
        String namespace = pod.getMetadata().getNamespace();
        Event about = new EventBuilder(event).editMetadata().withNamespace(namespace).withUid(null).endMetadata()
                .editInvolvedObject().withNamespace(namespace).withUid(pod.getMetadata().getUid()).endInvolvedObject()
                .build();
        return kube.v1().events().inNamespace(namespace).resource(about).create();
    }

    /** Waits for a record on cluster.events with this key (any key if null) whose event matches. */
    private static Received awaitRecord(String key, Predicate<ClusterEvent> matching) {
        return await().atMost(WAIT).pollInSameThread().until(
                () -> received().stream()
                        .filter(r -> key == null || key.equals(r.key()))
                        .filter(r -> matching.test(r.event()))
                        .reduce((first, second) -> second),
                Optional::isPresent).orElseThrow();
    }

    private static synchronized List<Received> received() {
        consumer.poll(Duration.ofMillis(100)).forEach(record -> received.add(new Received(record.key(),
                new String(record.value(), StandardCharsets.UTF_8),
                WireJson.read(Topic.CLUSTER_EVENTS, record.value()))));
        return List.copyOf(received);
    }

    private static String httpGet(String path) throws Exception {
        String port = ingest.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
