package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestProperties;
import io.clusterwise.ingest.Samples;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EnableKubernetesMockClient(crud = true)
class ClusterWatchTest {

    static KubernetesClient client;

    private final ObservedQueue queue = new ObservedQueue(100, new IngestMetrics(new SimpleMeterRegistry()));
    private ClusterWatch watch;

    @AfterEach
    void stopWatch() {
        if (watch != null) {
            watch.stop();
        }
    }

    @Test
    void shouldSeeOnlyListedNamespacesWhenNamespacesAreConfigured() throws InterruptedException {
        Pod greeter = client.pods().inNamespace("team-a").resource(inNamespace("team-a")).create();
        client.pods().inNamespace("team-b").resource(inNamespace("team-b")).create();

        watch = startedWatch(List.of("team-a"));

        assertThat(watch.informers()).extracting(WatchedInformer::description)
                .containsExactly("Event in team-a", "Pod in team-a");
        assertThat(watch.find("team-a", greeter.getMetadata().getName())).isPresent();
        assertThat(watch.find("team-b", greeter.getMetadata().getName())).isEmpty();
        assertThat(drain()).singleElement().isInstanceOfSatisfying(Observed.PodObserved.class,
                observed -> assertThat(observed.object().getMetadata().getNamespace()).isEqualTo("team-a"));
    }

    @Test
    void shouldHandOverEventWhenItIsCreatedAfterSync() {
        watch = startedWatch(List.of());
        assertThat(watch.informers()).extracting(WatchedInformer::description)
                .containsExactly("Event in all namespaces", "Pod in all namespaces");

        client.v1().events().inNamespace("demo").resource(Samples.greeterEvent("BackOff")).create();

        List<Observed> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            seen.addAll(drain());
            assertThat(seen).filteredOn(Observed.EventObserved.class::isInstance)
                    .extracting(o -> ((Event) o.object()).getReason()).contains("BackOff");
        });
    }

    @Test
    void shouldReportUpWhenSyncedAndDownWhenAnInformerStopped() {
        watch = startedWatch(List.of("health"));
        IngestHealthIndicator health = new IngestHealthIndicator(watch, queue);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        watch.informers().get(1).informer().stop();

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("informers").toString()).contains("Pod in health=stopped");
    }

    private ClusterWatch startedWatch(List<String> namespaces) {
        IngestProperties properties = new IngestProperties("test",
                new IngestProperties.Ingest(null, namespaces, 100, Duration.ofMinutes(10)));
        ClusterWatch started = new ClusterWatch(client, queue, properties);
        started.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> started.informers().stream().allMatch(WatchedInformer::synced));
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
