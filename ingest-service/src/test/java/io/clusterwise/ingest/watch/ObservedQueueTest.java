package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.Samples;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ObservedQueueTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObservedQueue queue = new ObservedQueue(2, new IngestMetrics(registry));
    private final IngestHealthIndicator health = new IngestHealthIndicator(List::of, queue);

    @Test
    void shouldHandOverInOrderWhenThereIsRoom() throws InterruptedException {
        Observed pod = new Observed.PodObserved(Samples.greeterPod());
        Observed event = new Observed.EventObserved(Samples.greeterEvent("BackOff"));

        assertThat(queue.offer(pod)).isTrue();
        assertThat(queue.offer(event)).isTrue();

        assertThat(queue.poll(Duration.ZERO)).isSameAs(pod);
        assertThat(queue.poll(Duration.ZERO)).isSameAs(event);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(registry.counter(IngestMetrics.RECEIVED, "observed", "PodObserved").count()).isEqualTo(1);
    }

    @Test
    void shouldRefuseLoudlyAndTurnHealthDownWhenQueueIsFull(CapturedOutput output) {
        queue.offer(new Observed.PodObserved(Samples.greeterPod()));
        queue.offer(new Observed.EventObserved(Samples.greeterEvent("Scheduled")));

        boolean accepted = queue.offer(new Observed.EventObserved(Samples.greeterEvent("BackOff")));

        assertThat(accepted).isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.dropped()).isEqualTo(1);
        assertThat(registry.counter(IngestMetrics.OVERFLOW).count()).isEqualTo(1);
        assertThat(output.getOut() + output.getErr())
                .contains("ingest queue is full (clusterwise.ingest.queue-capacity=2)")
                .contains("Event demo/greeter-8f2588814d-a31b9.449c99caaa5d0bd9")
                .contains("Raise CLUSTERWISE_INGEST_QUEUE_CAPACITY");
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("error",
                "queue overflowed: raise CLUSTERWISE_INGEST_QUEUE_CAPACITY");
    }

    @Test
    void shouldStayDownWhenQueueDrainsAfterOverflow() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            queue.offer(new Observed.PodObserved(Samples.greeterPod()));
        }
        while (queue.poll(Duration.ZERO) != null) {
            // drain
        }

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }
}
