package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.ApiServerConnections;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestProperties;
import io.clusterwise.ingest.Samples;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The informers against fabric8's mock API server in CRUD mode (plus discovery answers where a test needs them). */
class ClusterWatchTest {

    private final ObservedQueue queue = new ObservedQueue(1000, new IngestMetrics(new SimpleMeterRegistry()));
    private KubernetesMockServer server;
    private ApiServerConnections connections;
    private KubernetesClient client;
    private ClusterWatch watch;

    @AfterEach
    void stopEverything() {
        if (watch != null) {
            watch.stop();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            connections.awaitAllClosed();
            server.destroy();
        }
    }

    /** A CRUD API server; with {@code eventsV1} it also says in discovery that it serves events.k8s.io/v1. */
    private void startServer(boolean eventsV1) {
        var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        MockWebServer http = new MockWebServer();
        connections = ApiServerConnections.on(http);
        server = new KubernetesMockServer(new Context(), http, responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        if (eventsV1) {
            server.expect().get().withPath("/apis/events.k8s.io/v1").andReturn(200, new APIResourceListBuilder()
                    .withGroupVersion("events.k8s.io/v1").withResources(new APIResourceBuilder().withName("events")
                            .withKind("Event").withNamespaced(true).withVerbs("list", "watch").build()).build())
                    .always();
        }
        client = server.createClient();
    }

    @Test
    void shouldSeeOnlyListedNamespacesWhenNamespacesAreConfigured() throws InterruptedException {
        startServer(false);
        Pod greeter = client.pods().inNamespace("team-a").resource(inNamespace("team-a")).create();
        client.pods().inNamespace("team-b").resource(inNamespace("team-b")).create();

        watch = startedWatch(List.of("team-a"), List.of(), List.of("pods", "events"));

        assertThat(watch.informers()).extracting(WatchedInformer::description)
                .containsExactly("Event in team-a", "Pod in team-a");
        assertThat(watch.find("Pod", "team-a", greeter.getMetadata().getName())).isPresent();
        assertThat(watch.find("Pod", "team-b", greeter.getMetadata().getName())).isEmpty();
        assertThat(drain()).singleElement().isInstanceOfSatisfying(Observed.Upserted.class,
                observed -> assertThat(observed.object().getMetadata().getNamespace()).isEqualTo("team-a"));
    }

    @Test
    void shouldSkipDeniedNamespacesWhenAllOthersAreWatched() throws InterruptedException {
        startServer(false);
        client.pods().inNamespace("demo").resource(inNamespace("demo")).create();
        client.pods().inNamespace("kube-system").resource(inNamespace("kube-system")).create();

        watch = startedWatch(List.of(), List.of("kube-system"), List.of("pods"));

        assertThat(drain()).extracting(o -> o.object().getMetadata().getNamespace()).containsExactly("demo");
    }

    @Test
    void shouldWatchEveryKindInTheIssueWhenNoKindIsConfigured() throws InterruptedException {
        startServer(false);
        for (HasMetadata object : Samples.crashloopGreeter()) {
            object.getMetadata().setResourceVersion(null);
            client.resource(object).create();
        }

        watch = startedWatch(List.of(), List.of(), List.of());

        assertThat(watch.informers()).extracting(WatchedInformer::description).containsExactlyInAnyOrder(
                "Event in all namespaces", "Pod in all namespaces", "Node", "Namespace",
                "Deployment in all namespaces", "ReplicaSet in all namespaces", "StatefulSet in all namespaces",
                "DaemonSet in all namespaces", "Job in all namespaces", "CronJob in all namespaces",
                "PersistentVolumeClaim in all namespaces", "Service in all namespaces",
                "EndpointSlice in all namespaces");
        assertThat(drain()).extracting(o -> o.kind().kind())
                .contains("Node", "Deployment", "ReplicaSet", "Pod", "Event");
        assertThat(watch.find("ReplicaSet", "demo", "greeter-8f2588814d")).get().isInstanceOf(ReplicaSet.class);
        assertThat(watch.eventsApi()).isEqualTo("v1");
    }

    @Test
    void shouldWatchEventsV1WhenTheApiServerServesIt() {
        startServer(true);
        watch = startedWatch(List.of(), List.of(), List.of("events"));
        assertThat(watch.informers()).extracting(WatchedInformer::description)
                .containsExactly("Event (events.k8s.io/v1) in all namespaces");
        assertThat(watch.eventsApi()).isEqualTo("events.k8s.io/v1");

        client.events().v1().events().inNamespace("demo").resource(new EventBuilder().withNewMetadata()
                .withName("greeter.1").withNamespace("demo").endMetadata().withReason("BackOff").withType("Warning")
                .withNote("Back-off restarting failed container").withNewRegarding().withKind("Pod")
                .withName("greeter").withNamespace("demo").endRegarding().build()).create();

        List<Observed> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            seen.addAll(drain());
            assertThat(seen).extracting(Observed::object)
                    .anySatisfy(o -> assertThat(o).isInstanceOf(io.fabric8.kubernetes.api.model.events.v1.Event.class));
        });
    }

    @Test
    void shouldReportUpWhenSyncedAndNotWhenAnInformerStopped() {
        startServer(false);
        watch = startedWatch(List.of("health"), List.of(), List.of("events", "pods"));
        assertThat(watch.health().up()).isTrue();

        watch.informers().get(1).informer().stop();

        assertThat(watch.health().up()).isFalse();
        assertThat(watch.health().informers()).containsEntry("Pod in health", "stopped");
    }

    private ClusterWatch startedWatch(List<String> namespaces, List<String> excluded, List<String> kinds) {
        IngestProperties properties = new IngestProperties("test", new IngestProperties.Ingest(null, namespaces,
                excluded, kinds, 100, Duration.ofMinutes(10), IngestProperties.Source.CLUSTER, null, false, 1000, null));
        ClusterWatch started = new ClusterWatch(client, queue, properties);
        started.start();
        await().atMost(Duration.ofSeconds(10)).until(started::synced);
        return started;
    }

    private static Pod inNamespace(String namespace) {
        return new PodBuilder(Samples.greeterPod()).editMetadata().withNamespace(namespace).endMetadata().build();
    }

    private List<Observed> drain() throws InterruptedException {
        List<Observed> drained = new ArrayList<>();
        for (Observed o = queue.poll(Duration.ZERO); o != null; o = queue.poll(Duration.ZERO)) {
            drained.add(o);
        }
        return drained;
    }
}
