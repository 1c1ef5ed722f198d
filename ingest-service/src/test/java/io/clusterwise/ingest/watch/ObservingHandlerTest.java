package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.Samples;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ObservingHandlerTest {

    private final ObservedQueue queue = new ObservedQueue(10, new IngestMetrics(new SimpleMeterRegistry()));
    private final ObservingHandler<Event> events = new ObservingHandler<>(queue, Observed.EventObserved::new, null);
    private final ObservingHandler<Pod> pods = new ObservingHandler<>(queue, Observed.PodObserved::new,
            Observed.PodDeleted::new);

    @Test
    void shouldEnqueueNothingWhenUpdateIsResync() {
        Event backOff = Samples.greeterEvent("BackOff");

        events.onUpdate(backOff, backOff);
        events.onUpdate(backOff, new EventBuilder(backOff).build());

        assertThat(queue.size()).isZero();
    }

    @Test
    void shouldEnqueueNewStateWhenEventCountGoesUp() throws InterruptedException {
        Event backOff = Samples.greeterEvent("BackOff");
        Event bumped = new EventBuilder(backOff).withCount(10).editMetadata().withResourceVersion("50041").endMetadata()
                .build();

        events.onUpdate(backOff, bumped);

        assertThat(queue.poll(Duration.ZERO)).isEqualTo(new Observed.EventObserved(bumped));
    }

    @Test
    void shouldIgnoreEventDeleteWhenEventExpires() {
        events.onDelete(Samples.greeterEvent("BackOff"), false);

        assertThat(queue.size()).isZero();
    }

    @Test
    void shouldEnqueueFinalStateWhenPodIsDeleted() throws InterruptedException {
        Pod pod = Samples.greeterPod();

        pods.onDelete(pod, true);

        assertThat(queue.poll(Duration.ZERO)).isEqualTo(new Observed.PodDeleted(pod));
    }
}
