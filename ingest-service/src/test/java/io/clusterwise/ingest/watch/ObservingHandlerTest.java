package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.Samples;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class ObservingHandlerTest {

    private final ObservedQueue queue = new ObservedQueue(10, new IngestMetrics(new SimpleMeterRegistry()));
    private final Predicate<String> notKubeSystem = namespace -> !"kube-system".equals(namespace);
    private final ObservingHandler<Event> events = new ObservingHandler<>(queue, WatchedKind.EVENTS, notKubeSystem);
    private final ObservingHandler<Pod> pods = new ObservingHandler<>(queue, WatchedKind.PODS, notKubeSystem);
    private final ObservingHandler<Namespace> namespaces = new ObservingHandler<>(queue, WatchedKind.NAMESPACES,
            notKubeSystem);

    @Test
    void shouldEnqueueNothingWhenUpdateIsResync() {
        Pod pod = new PodBuilder(Samples.greeterPod()).editMetadata().withResourceVersion("7").endMetadata().build();

        pods.onUpdate(pod, pod);
        pods.onUpdate(pod, new PodBuilder(pod).build());

        assertThat(queue.size()).isZero();
    }

    @Test
    void shouldEnqueueNewStateWhenEventCountGoesUp() throws InterruptedException {
        Event backOff = Samples.greeterEvent("BackOff");
        Event bumped = new EventBuilder(backOff).withCount(10).editMetadata().withResourceVersion("50041").endMetadata()
                .build();

        events.onUpdate(backOff, bumped);

        assertThat(queue.poll(Duration.ZERO)).isEqualTo(new Observed.Upserted(WatchedKind.EVENTS, bumped));
    }

    @Test
    void shouldEnqueueFinalStateWhenPodIsDeleted() throws InterruptedException {
        Pod pod = Samples.greeterPod();

        pods.onDelete(pod, true);

        assertThat(queue.poll(Duration.ZERO)).isEqualTo(new Observed.Deleted(WatchedKind.PODS, pod));
    }

    @Test
    void shouldEnqueueNothingWhenObjectIsInDeniedNamespace() {
        pods.onAdd(new PodBuilder(Samples.greeterPod()).editMetadata().withNamespace("kube-system").endMetadata().build());
        namespaces.onAdd(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata().build());

        assertThat(queue.size()).isZero();

        namespaces.onAdd(new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build());
        assertThat(queue.size()).isEqualTo(1);
    }
}
