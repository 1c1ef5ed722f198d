package io.clusterwise.ingest;

import io.clusterwise.contracts.Topic;
import io.clusterwise.ingest.normalize.ObservedNormalizer;
import io.clusterwise.ingest.watch.Observed;
import io.clusterwise.ingest.watch.ObservedQueue;
import io.clusterwise.ingest.watch.WatchedKind;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Point 8: bounded memory and no silent loss under a burst of events. */
class BurstIntegrationTests {

    private static final int BURST = 50_000;
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int DEDUP_CAPACITY = 20_000;

    @RegisterExtension
    static final IngestStack stack = new IngestStack();

    @Test
    void shouldStayBoundedAndAccountForEveryEventWhenFiftyThousandEventsArriveAtOnce() {
        ConfigurableApplicationContext ingest = stack.startIngest("burst", "--clusterwise.ingest.namespaces=burst",
                "--clusterwise.ingest.kinds=events", "--clusterwise.ingest.queue-capacity=" + QUEUE_CAPACITY,
                "--clusterwise.ingest.dedup-capacity=" + DEDUP_CAPACITY);
        await().atMost(TopicRecords.WAIT).until(() -> IngestStack.httpGet(ingest, "/actuator/health")
                .contains("\"role\":\"active\""));
        ObservedQueue queue = ingest.getBean(ObservedQueue.class);
        MeterRegistry meters = ingest.getBean(MeterRegistry.class);

        // as fast as informer callbacks can hand over: far faster than any producer can send
        int largestQueue = 0;
        for (int i = 0; i < BURST; i++) {
            queue.offer(new Observed.Upserted(WatchedKind.EVENTS, event(i)));
            largestQueue = Math.max(largestQueue, queue.size());
        }

        assertThat(largestQueue).isLessThanOrEqualTo(QUEUE_CAPACITY);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(published(meters) + dropped(meters)).isEqualTo(BURST));
        assertThat(ingest.getBean(ObservedNormalizer.class).rememberedKeys()).isLessThanOrEqualTo(DEDUP_CAPACITY);
        // every acknowledged record is counted; the publish latency is timed on one in LATENCY_SAMPLE of them
        await().atMost(TopicRecords.WAIT).untilAsserted(() ->
                assertThat(meters.get(IngestMetrics.PUBLISH_LATENCY).timer().count())
                        .isEqualTo((long) Math.ceil(published(meters) / IngestMetrics.LATENCY_SAMPLE)));
        assertThat(meters.get(IngestMetrics.RECEIVED).tag("kind", "Event").counter().count()).isEqualTo(BURST);
        // what was acknowledged is on the topic, every drop is counted where operators look
        await().atMost(TopicRecords.WAIT).untilAsserted(() ->
                assertThat(stack.records().events("burst")).hasSize((int) published(meters)));
        if (dropped(meters) > 0) {
            assertThat(IngestStack.httpGet(ingest, "/actuator/prometheus"))
                    .containsPattern("clusterwise_ingest_events_dropped_total\\{[^}]*} [1-9]");
        }
        ingest.close();
    }

    @Test
    void shouldPublishEveryEventOnceAfterAllWhenQueueOverflowsDuringTheFirstList() {
        int events = 1_500;
        IntStream.range(0, events).forEach(i ->
                stack.kube().v1().events().inNamespace("overflow").resource(event(i)).create());

        ConfigurableApplicationContext ingest = stack.startIngest("overflow", "--clusterwise.ingest.namespaces=overflow",
                "--clusterwise.ingest.kinds=events", "--clusterwise.ingest.queue-capacity=50");
        MeterRegistry meters = ingest.getBean(MeterRegistry.class);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(stack.records().events("overflow")).hasSize(events));
        assertThat(stack.records().events("overflow")).extracting(r -> r.event().eventUid()).doesNotHaveDuplicates();
        assertThat(dropped(meters)).as("the first list overflowed the queue").isPositive();
        await().atMost(TopicRecords.WAIT).untilAsserted(() -> assertThat(io.clusterwise.contracts.WireJson.mapper()
                .readTree(IngestStack.httpGet(ingest, "/actuator/health")).path("components").path("ingest")
                .path("status").asText()).isEqualTo("UP"));
        ingest.close();
    }

    private static double published(MeterRegistry meters) {
        return meters.find(IngestMetrics.PUBLISHED).tag("topic", Topic.CLUSTER_EVENTS.topicName()).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static double dropped(MeterRegistry meters) {
        return meters.get(IngestMetrics.DROPPED).counter().count();
    }

    private static Event event(int i) {
        return new EventBuilder().withNewMetadata().withName("web-" + i + ".backoff").withNamespace("burst")
                .withUid("burst-event-" + i).withResourceVersion("1").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("burst").withName("web-" + i % 100)
                .endInvolvedObject().withReason("BackOff").withType("Warning").withCount(1 + i % 7)
                .withMessage("Back-off restarting failed container web in pod web-" + i % 100)
                .withLastTimestamp("2026-11-20T09:00:00Z").build();
    }
}
