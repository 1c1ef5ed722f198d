package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.Samples;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ObservedQueueTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObservedQueue queue = new ObservedQueue(2, new IngestMetrics(registry));

    @Test
    void shouldHandOverInOrderWhenThereIsRoom() throws InterruptedException {
        Observed pod = new Observed.Upserted(WatchedKind.PODS, Samples.greeterPod());
        Observed event = new Observed.Upserted(WatchedKind.EVENTS, Samples.greeterEvent("BackOff"));

        assertThat(queue.offer(pod)).isTrue();
        assertThat(queue.offer(event)).isTrue();

        assertThat(queue.poll(Duration.ZERO)).isSameAs(pod);
        assertThat(queue.poll(Duration.ZERO)).isSameAs(event);
        assertThat(queue.overflowed()).isFalse();
        assertThat(registry.counter(IngestMetrics.RECEIVED, "kind", "Pod").count()).isEqualTo(1);
    }

    @Test
    void shouldRefuseLoudlyAndCountTheDropWhenQueueIsFull(CapturedOutput output) {
        queue.offer(new Observed.Upserted(WatchedKind.PODS, Samples.greeterPod()));
        queue.offer(new Observed.Upserted(WatchedKind.EVENTS, Samples.greeterEvent("Scheduled")));

        boolean accepted = queue.offer(new Observed.Upserted(WatchedKind.EVENTS, Samples.greeterEvent("BackOff")));

        assertThat(accepted).isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.dropped()).isEqualTo(1);
        assertThat(registry.counter(IngestMetrics.DROPPED, "reason", "queue-full").count()).isEqualTo(1);
        assertThat(output.getOut() + output.getErr())
                .contains("ingest queue is full (clusterwise.ingest.queue-capacity=2)")
                .contains("Event demo/greeter-8f2588814d-a31b9.449c99caaa5d0bd9")
                .contains("Raise CLUSTERWISE_INGEST_QUEUE_CAPACITY");
        assertThat(queue.overflowed()).isTrue();
    }

    @Test
    void shouldStayOverflowedWhenQueueDrainsAfterOverflow() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            queue.offer(new Observed.Upserted(WatchedKind.PODS, Samples.greeterPod()));
        }
        while (queue.poll(Duration.ZERO) != null) {
            // drain
        }

        assertThat(queue.overflowed()).isTrue();
        assertThat(queue.dropped()).isEqualTo(1);
    }
}
