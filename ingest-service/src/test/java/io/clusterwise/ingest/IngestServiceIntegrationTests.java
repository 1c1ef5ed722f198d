package io.clusterwise.ingest;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.PayloadType;
import io.clusterwise.contracts.Topic;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.ProducerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest as it runs: a real KRaft broker, fabric8's CRUD mock API server reached through a kubeconfig file over
 * plain HTTP, the service started with {@link IngestServiceApplication#builder()} (leader election on), and a plain
 * KafkaConsumer reading {@code cluster.events} and {@code cluster.state}. Each test works in its own namespace.
 */
class IngestServiceIntegrationTests {

    private static final String CLUSTER = "test-cluster";
    private static final Duration WAIT = TopicRecords.WAIT;

    @RegisterExtension
    static final IngestStack stack = new IngestStack();

    private static ConfigurableApplicationContext ingest;

    @BeforeAll
    static void startIngest() {
        ingest = stack.startIngest(CLUSTER);
    }

    @Test
    void shouldPublishNormalizedRedactedFactsKeyedByPodUidWhenGreeterPodCrashLoops() throws Exception {
        Pod pod = stack.createGreeterPod("demo");
        String podUid = pod.getMetadata().getUid();
        ObjectRef replicaSet = new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d", Samples.GREETER_REPLICASET_UID);

        TopicRecords.Received status = stack.records().awaitEvent(podUid, e -> e.origin() == ClusterEvent.Origin.POD_STATUS);
        assertThat(status.envelope().source()).isEqualTo(CLUSTER);
        assertThat(status.envelope().type()).isEqualTo(PayloadType.CLUSTER_EVENT.tag());
        assertThat(status.envelope().subject()).isEqualTo("Pod/demo/greeter-8f2588814d-a31b9");
        assertThat(status.event().eventUid()).isEqualTo("pod-status/" + podUid + "/greeter");
        assertThat(status.event().reason()).isEqualTo("CrashLoopBackOff");
        assertThat(status.event().message()).contains("last terminated: Error, exit code 2").endsWith("restarts: 9");
        assertThat(status.event().type()).isEqualTo(EventType.Warning);
        assertThat(status.event().count()).isEqualTo(9);
        assertThat(status.event().owners()).startsWith(replicaSet);
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

        TopicRecords.Received backOff = stack.records().awaitEvent(podUid, e -> eventUids.get("BackOff").equals(e.eventUid()));
        assertThat(backOff.event()).isEqualTo(new ClusterEvent(eventUids.get("BackOff"), ClusterEvent.Origin.EVENT,
                new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9", podUid), backOff.event().owners(), "BackOff",
                "Back-off restarting failed container greeter in pod greeter-8f2588814d-a31b9_demo"
                        + "(5cda4217-829e-50d4-4539-3e3b04424452)",
                EventType.Warning, 9, Instant.parse("2026-11-20T09:00:40Z"),
                Instant.parse("2026-11-20T09:58:20Z"), "kubelet", backOff.event().resourceVersion(), null));
        assertThat(backOff.envelope().time()).isEqualTo(Instant.parse("2026-11-20T09:58:20Z"));

        for (String reason : List.of("Scheduled", "Pulled", "Created", "Started")) {
            TopicRecords.Received normal = stack.records().awaitEvent(podUid, e -> eventUids.get(reason).equals(e.eventUid()));
            assertThat(normal.event().type()).as(reason).isEqualTo(EventType.Normal);
            assertThat(normal.event().origin()).isEqualTo(ClusterEvent.Origin.EVENT);
        }

        TopicRecords.Received leaked = stack.records().awaitEvent(podUid, e -> failed.getMetadata().getUid().equals(e.eventUid()));
        assertThat(leaked.event().message())
                .contains("postgres://greeter:***@db.demo.svc:5432/app")
                .endsWith("env DB_PASSWORD=***");
        assertThat(stack.records().all()).extracting(TopicRecords.Received::json)
                .noneMatch(json -> json != null && json.contains(Samples.SEEDED_SECRET));

        assertThat(IngestStack.httpGet(ingest, "/actuator/prometheus"))
                .containsPattern("clusterwise_ingest_redactions_total(\\{[^}]*})? [1-9]")
                .containsPattern("clusterwise_ingest_events_published_total\\{[^}]*origin=\"EVENT\"[^}]*} [1-9]")
                .containsPattern("clusterwise_ingest_events_published_total\\{[^}]*origin=\"POD_STATUS\"[^}]*} [1-9]");
    }

    @Test
    void shouldRepublishWithSameEventUidAndKeyWhenEventCountGoesUp() {
        Pod pod = stack.createGreeterPod("bump");
        Event backOff = createEventAbout(pod, Samples.greeterEvent("BackOff"));
        String eventUid = backOff.getMetadata().getUid();
        stack.records().awaitEvent(pod.getMetadata().getUid(), e -> eventUid.equals(e.eventUid()) && e.count() == 9);

        stack.kube().v1().events().inNamespace("bump").withName(backOff.getMetadata().getName())
                .edit(e -> new EventBuilder(e).withCount(10).withLastTimestamp("2026-11-20T10:03:20Z").build());

        TopicRecords.Received bumped = stack.records().awaitEvent(pod.getMetadata().getUid(), e -> eventUid.equals(e.eventUid()) && e.count() == 10);
        assertThat(bumped.event().lastSeen()).isEqualTo(Instant.parse("2026-11-20T10:03:20Z"));
        assertThat(bumped.event().firstSeen()).isEqualTo(Instant.parse("2026-11-20T09:00:40Z"));
    }

    @Test
    void shouldPublishContainerReadyWhenCrashLoopingContainerRecovers() {
        Pod pod = stack.createGreeterPod("recover");
        String podUid = pod.getMetadata().getUid();
        stack.records().awaitEvent(podUid, e -> "CrashLoopBackOff".equals(e.reason()));

        stack.kube().pods().inNamespace("recover").withName(pod.getMetadata().getName()).edit(p -> new PodBuilder(p)
                .editStatus().withContainerStatuses(new ContainerStatusBuilder(p.getStatus().getContainerStatuses().get(0))
                        .withReady(true).withStarted(true).withRestartCount(10)
                        .withNewState().withNewRunning().withStartedAt("2026-11-20T10:05:00Z").endRunning().endState()
                        .build())
                .endStatus().build());

        TopicRecords.Received ready = stack.records().awaitEvent(podUid, e -> "ContainerReady".equals(e.reason()));
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
        String leakingUid = stack.kube().pods().inNamespace("longlog").resource(leaking).create().getMetadata().getUid();

        TopicRecords.Received status = stack.records().awaitEvent(leakingUid, e -> e.origin() == ClusterEvent.Origin.POD_STATUS);
        assertThat(status.event().message()).contains("({\"level\":\"fatal\",\"db_password\":\"***\","
                + "\"msg\":\"cannot connect\"})");
        assertThat(status.json()).doesNotContain(Samples.SEEDED_SECRET);

        String nextUid = stack.createGreeterPod("afterlonglog").getMetadata().getUid();
        stack.records().awaitEvent(nextUid, e -> e.origin() == ClusterEvent.Origin.POD_STATUS);
    }

    @Test
    void shouldPublishRedactedSnapshotKeyedByUidAndTombstoneWhenPodIsCreatedThenDeleted() {
        Pod pod = stack.createGreeterPod("snapshots");
        String uid = pod.getMetadata().getUid();

        TopicRecords.Received snapshot = stack.records().await(r -> r.topic() == Topic.CLUSTER_STATE && uid.equals(r.key())
                && !r.tombstone());
        assertThat(snapshot.envelope().type()).isEqualTo(PayloadType.OBJECT_SNAPSHOT.tag());
        assertThat(snapshot.envelope().subject()).isEqualTo("Pod/snapshots/greeter-8f2588814d-a31b9");
        assertThat(snapshot.snapshot().resourceVersion()).isEqualTo(pod.getMetadata().getResourceVersion());
        assertThat(snapshot.snapshot().owners()).extracting(ObjectRef::kind).startsWith("ReplicaSet");
        assertThat(snapshot.snapshot().manifest().path("status").path("containerStatuses").get(0)
                .path("restartCount").asInt()).isEqualTo(9);
        assertThat(snapshot.json()).doesNotContain(Samples.SEEDED_SECRET).contains("\"DB_PASSWORD\",\"value\":\"***\"");

        stack.kube().pods().inNamespace("snapshots").withName(pod.getMetadata().getName()).delete();

        stack.records().await(r -> r.topic() == Topic.CLUSTER_STATE && uid.equals(r.key()) && r.tombstone());
    }

    @Test
    void shouldShowEveryIngestMetricMovingWhenObjectsFlowThrough() {
        Pod pod = stack.createGreeterPod("metrics");
        stack.records().await(r -> r.topic() == Topic.CLUSTER_STATE && pod.getMetadata().getUid().equals(r.key()));
        // the same version again (as a relist would deliver it) is deduplicated
        ingest.getBean(io.clusterwise.ingest.watch.ObservedQueue.class)
                .offer(new io.clusterwise.ingest.watch.Observed.Upserted(io.clusterwise.ingest.watch.WatchedKind.PODS, pod));

        await().atMost(WAIT).untilAsserted(() -> assertThat(IngestStack.httpGet(ingest, "/actuator/prometheus"))
                .containsPattern("clusterwise_ingest_events_received_total\\{[^}]*kind=\"Pod\"[^}]*} [1-9]")
                .containsPattern("clusterwise_ingest_events_published_total\\{[^}]*topic=\"cluster.state\"[^}]*} [1-9]")
                .containsPattern("clusterwise_ingest_events_deduplicated_total\\{[^}]*topic=\"cluster.state\"[^}]*} [1-9]")
                .containsPattern("clusterwise_ingest_redactions_total(\\{[^}]*})? [1-9]")
                .containsPattern("clusterwise_ingest_events_dropped_total\\{[^}]*reason=\"queue-full\"[^}]*} 0")
                .containsPattern("clusterwise_ingest_publish_latency_seconds_count(\\{[^}]*})? [1-9]"));
    }

    @Test
    void shouldBatchAndCompressWhenProducing() {
        Map<String, Object> config = ingest.getBean(ProducerFactory.class).getConfigurationProperties();

        assertThat(config).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
        assertThat(Integer.parseInt(config.get(ProducerConfig.LINGER_MS_CONFIG).toString())).isPositive();
        assertThat(Integer.parseInt(config.get(ProducerConfig.BATCH_SIZE_CONFIG).toString())).isGreaterThan(16_384);
    }

    @Test
    void shouldReportHealthUpAndActiveWhenInformersHaveSynced() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(IngestStack.httpGet(ingest, "/actuator/health"))
                .contains("\"status\":\"UP\"")
                .contains("\"role\":\"active\"")
                .contains("\"Pod in all namespaces\":\"synced\"")
                .contains("\"Event in all namespaces\":\"synced\"")
                .contains("\"Node\":\"synced\""));
    }

    /** Read-only: discovery, list and watch of the watched kinds, and reads of failed containers' logs. */
    @Test
    void shouldOnlyDiscoverListWatchAndReadLogsWhenIngesting() throws InterruptedException {
        stack.createGreeterPod("readonly");
        stack.records().awaitEvent(null, e -> "readonly".equals(e.involvedObject().namespace()));

        List<RecordedRequest> ingestRequests = new ArrayList<>();
        for (RecordedRequest r = stack.apiServer().takeRequest(100, TimeUnit.MILLISECONDS); r != null;
             r = stack.apiServer().takeRequest(100, TimeUnit.MILLISECONDS)) {
            if (!IngestStack.TEST_USER_AGENT.equals(r.getHeader("User-Agent"))) {
                ingestRequests.add(r);
            }
        }

        assertThat(ingestRequests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getMethod()).as(r.getPath()).isEqualTo("GET");
            assertThat(r.getPath()).as(r.getPath()).doesNotContain("secrets").doesNotContain("configmaps")
                    .matches("/(api/v1/(events|pods|nodes|namespaces|persistentvolumeclaims|services)\\?.*"
                            + "|api/v1/namespaces/[^/]+/pods/[^/]+/log\\?.*"
                            + "|apis/apps/v1/(deployments|replicasets|statefulsets|daemonsets)\\?.*"
                            + "|apis/batch/v1/(jobs|cronjobs)\\?.*|apis/discovery.k8s.io/v1/endpointslices\\?.*"
                            + "|apis/events.k8s.io/v1)");
        });
    }

    /** The event as the kubelet would write it: in the pod's namespace, naming the pod's real UID. */
    private static Event createEventAbout(Pod pod, Event event) {
        String namespace = pod.getMetadata().getNamespace();
        Event about = new EventBuilder(event).editMetadata().withNamespace(namespace).withUid(null).endMetadata()
                .editInvolvedObject().withNamespace(namespace).withUid(pod.getMetadata().getUid()).endInvolvedObject()
                .build();
        return stack.kube().v1().events().inNamespace(namespace).resource(about).create();
    }
}
