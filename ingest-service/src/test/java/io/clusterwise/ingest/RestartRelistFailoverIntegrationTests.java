package io.clusterwise.ingest;

import io.clusterwise.contracts.Topic;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Point 5 and 6 of the ingest issue: a restart, a relist after 410 Gone, an informer resync and a failover between
 * two ingest replicas must not republish what is unchanged. One broker and one CRUD API server; each test is its own
 * cluster (envelope source) and namespace.
 */
class RestartRelistFailoverIntegrationTests {

    private static final int PODS = 20;

    /** The CRUD API server, except that it answers the first watches of pods in namespace "relist" with 410 Gone. */
    static final class GoneDispatcher extends KubernetesCrudDispatcher {
        final AtomicInteger goneLeft = new AtomicInteger(2);
        final AtomicInteger relistPodLists = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            if (path.startsWith("/api/v1/namespaces/relist/pods")) {
                if (path.contains("watch=true")) {
                    if (goneLeft.getAndDecrement() > 0) {
                        return new MockResponse().setResponseCode(410).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                                + "\"status\":\"Failure\",\"message\":\"too old resource version\",\"reason\":\"Expired\","
                                + "\"code\":410}");
                    }
                } else {
                    relistPodLists.incrementAndGet();
                }
            }
            return super.dispatch(request);
        }
    }

    private static final GoneDispatcher dispatcher = new GoneDispatcher();

    @RegisterExtension
    static final IngestStack stack = new IngestStack(dispatcher);

    @Test
    void shouldPublishNothingAgainWhenIngestRestartsAgainstSameBrokerAndApi() {
        List<Pod> pods = createCrashLoopingPods("restart");
        ConfigurableApplicationContext first = stack.startIngest("restart", "--clusterwise.ingest.namespaces=restart");
        awaitSnapshots("restart", pods);
        stack.records().awaitQuiet(Duration.ofSeconds(2));
        int before = stack.records().of("restart").size();
        assertThat(stack.records().states("restart")).hasSize(PODS);
        assertThat(stack.records().events("restart")).hasSize(PODS * 2); // one CrashLoopBackOff fact and one BackOff Event each
        first.close();

        ConfigurableApplicationContext second = stack.startIngest("restart", "--clusterwise.ingest.namespaces=restart");
        await().atMost(TopicRecords.WAIT).untilAsserted(() -> assertThat(IngestStack.httpGet(second, "/actuator/prometheus"))
                .containsPattern("clusterwise_ingest_events_deduplicated_total\\{[^}]*topic=\"cluster.state\"[^}]*} "
                        + PODS + "\\.0")
                .containsPattern("clusterwise_ingest_events_deduplicated_total\\{[^}]*topic=\"cluster.events\"[^}]*} "
                        + PODS * 2 + "\\.0"));
        stack.records().awaitQuiet(Duration.ofSeconds(2));

        assertThat(stack.records().of("restart")).hasSize(before);

        // still alive: a real change is published, once
        Pod changed = stack.kube().pods().inNamespace("restart").withName(pods.get(0).getMetadata().getName())
                .edit(p -> new PodBuilder(p).editMetadata().addToLabels("rolled", "yes").endMetadata().build());
        stack.records().await(r -> r.topic() == Topic.CLUSTER_STATE && !r.tombstone() && "restart".equals(r.source())
                && changed.getMetadata().getResourceVersion().equals(r.snapshot().resourceVersion()));
        stack.records().awaitQuiet(Duration.ofSeconds(1));
        assertThat(stack.records().of("restart")).hasSize(before + 1);
        second.close();
    }

    @Test
    void shouldTombstoneObjectWhenItWasDeletedWhileNoIngestWatched() {
        List<Pod> pods = createCrashLoopingPods("away").subList(0, 2);
        ConfigurableApplicationContext first = stack.startIngest("away", "--clusterwise.ingest.namespaces=away",
                "--clusterwise.ingest.kinds=pods");
        awaitSnapshots("away", pods);
        first.close();
        String goneUid = pods.get(0).getMetadata().getUid();
        stack.kube().pods().inNamespace("away").withName(pods.get(0).getMetadata().getName()).delete();

        ConfigurableApplicationContext second = stack.startIngest("away", "--clusterwise.ingest.namespaces=away",
                "--clusterwise.ingest.kinds=pods");

        stack.records().await(r -> r.topic() == Topic.CLUSTER_STATE && r.tombstone() && goneUid.equals(r.key()));
        second.close();
    }

    @Test
    void shouldPublishEachObjectOnceWhenWatchExpiresWith410AndInformerRelistsAndResyncs() {
        List<Pod> pods = createCrashLoopingPods("relist");
        ConfigurableApplicationContext ingest = stack.startIngest("relist", "--clusterwise.ingest.namespaces=relist",
                "--clusterwise.ingest.resync-period=PT1S");

        awaitSnapshots("relist", pods);
        await().atMost(TopicRecords.WAIT).until(() -> dispatcher.goneLeft.get() < 0);
        stack.records().awaitQuiet(Duration.ofSeconds(3)); // three resyncs

        assertThat(dispatcher.relistPodLists.get()).as("pod lists, first and after each 410").isGreaterThanOrEqualTo(3);
        assertThat(stack.records().states("relist")).hasSize(PODS);
        assertThat(stack.records().events("relist")).hasSize(PODS * 2);
        ingest.close();
    }

    @Test
    void shouldFailOverToTheOtherReplicaWithoutRepublishingWhenTheActiveOneStops() {
        ConfigurableApplicationContext a = stack.startIngest("failover", "--clusterwise.ingest.namespaces=failover");
        ConfigurableApplicationContext b = stack.startIngest("failover", "--clusterwise.ingest.namespaces=failover");
        await().atMost(TopicRecords.WAIT).until(() -> role(a).equals("active") || role(b).equals("active"));
        ConfigurableApplicationContext active = role(a).equals("active") ? a : b;
        ConfigurableApplicationContext standby = active == a ? b : a;
        assertThat(role(standby)).isEqualTo("standby");

        Pod first = stack.kube().pods().inNamespace("failover").resource(greeter("failover", "first")).create();
        awaitSnapshots("failover", List.of(first));

        active.close();
        await().atMost(TopicRecords.WAIT).until(() -> role(standby).equals("active"));
        Pod second = stack.kube().pods().inNamespace("failover").resource(greeter("failover", "second")).create();
        awaitSnapshots("failover", List.of(second));
        stack.records().awaitQuiet(Duration.ofSeconds(2));

        assertThat(stack.records().states("failover")).extracting(TopicRecords.Received::key)
                .containsExactlyInAnyOrder(first.getMetadata().getUid(), second.getMetadata().getUid());
        assertThat(stack.records().events("failover")).hasSize(2); // one CrashLoopBackOff fact per pod, each once
        standby.close();
    }

    private static String role(ConfigurableApplicationContext ingest) {
        String health = IngestStack.httpGet(ingest, "/actuator/health");
        return health.contains("\"role\":\"active\"") ? "active" : health.contains("\"role\":\"standby\"") ? "standby" : "";
    }

    private static void awaitSnapshots(String cluster, List<Pod> pods) {
        await().atMost(TopicRecords.WAIT).pollInSameThread().untilAsserted(() ->
                assertThat(stack.records().states(cluster)).extracting(TopicRecords.Received::key)
                        .containsAll(pods.stream().map(p -> p.getMetadata().getUid()).toList()));
    }

    private static List<Pod> createCrashLoopingPods(String namespace) {
        return IntStream.range(0, PODS).mapToObj(i -> {
            Pod pod = stack.kube().pods().inNamespace(namespace).resource(greeter(namespace, "greeter-" + i)).create();
            Event backOff = new EventBuilder(Samples.greeterEvent("BackOff")).editMetadata()
                    .withNamespace(namespace).withName("greeter-" + i + ".backoff").withUid(null).endMetadata()
                    .editInvolvedObject().withNamespace(namespace).withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).endInvolvedObject().build();
            stack.kube().v1().events().inNamespace(namespace).resource(backOff).create();
            return pod;
        }).toList();
    }

    private static Pod greeter(String namespace, String name) {
        return new PodBuilder(Samples.greeterPod()).editMetadata().withNamespace(namespace).withName(name)
                .withUid(null).endMetadata().build();
    }
}
