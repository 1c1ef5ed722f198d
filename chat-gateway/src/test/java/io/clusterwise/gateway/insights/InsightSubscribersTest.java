package io.clusterwise.gateway.insights;

import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Severity;
import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.testing.TestProperties;
import io.clusterwise.gateway.web.SseEvents;
import io.clusterwise.gateway.web.StreamWriters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class InsightSubscribersTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final StreamWriters writers = new StreamWriters(2, 4);
    private final CountDownLatch releaseStuckClient = new CountDownLatch(1);
    private final InsightSubscribers subscribers = new InsightSubscribers(TestProperties.withInsights(
            new GatewayProperties.Insights(200, 1, Duration.ofHours(24))), timer, writers);

    @AfterEach
    void stopTimer() {
        releaseStuckClient.countDown();
        timer.shutdownNow();
        writers.close();
    }

    @Test
    void shouldEndANewStreamAtOnceWhenTheGatewayIsShuttingDown() {
        subscribers.start();
        subscribers.stop();

        // an open stream would hold the web server's graceful shutdown (a browser's EventSource reconnects by itself)
        SseEmitter late = subscribers.subscribe();
        assertThatThrownBy(() -> late.send(SseEvents.keepAlive()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already completed");
    }

    @Test
    void shouldKeepTheStreamOpenWhenTheGatewayRuns() {
        subscribers.start();

        SseEmitter stream = subscribers.subscribe();
        assertThatCode(() -> stream.send(SseEvents.keepAlive())).doesNotThrowAnyException();
    }

    @Test
    void shouldKeepFeedingOtherStreamsAndEndTheStuckOneWhenAClientIsNotReading() throws Exception {
        InsightSubscribers two = new InsightSubscribers(TestProperties.withInsights(
                new GatewayProperties.Insights(200, 2, Duration.ofHours(24))), timer, writers);
        two.start();
        RecordingEmitter stuck = new RecordingEmitter(releaseStuckClient);
        RecordingEmitter healthy = new RecordingEmitter(new CountDownLatch(0));
        two.subscribe(stuck);
        two.subscribe(healthy);
        assertThat(stuck.writeStarted.await(10, TimeUnit.SECONDS)).isTrue();

        // the insight consumer's thread: never waits for the stuck client. Insights come one at a time (the
        // healthy client reads each before the next), so only the stuck stream's queue (4 events) fills up
        Thread consumer = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                two.broadcast(insight("Reason" + i + ":Pod/demo/p"));
                int sent = i + 1;
                await().atMost(Duration.ofSeconds(2)).until(() -> insightsIn(healthy) == sent);
            }
        }, "test-insight-consumer");
        consumer.start();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(consumer.isAlive()).isFalse();
            assertThat(insightsIn(healthy)).isEqualTo(10);
            assertThat(two.notReading()).isEqualTo(1);
            assertThat(two.size()).isEqualTo(1);
        });
        releaseStuckClient.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stuck.written.get(
                stuck.written.size() - 1)).startsWith("event:error").contains("not reading"));
    }

    private static long insightsIn(RecordingEmitter client) {
        return client.written.stream().filter(e -> e.startsWith("event:insight")).count();
    }

    private static Insight insight(String fingerprint) {
        return new Insight(fingerprint, Insight.Transition.OPENED, Severity.WARNING, "t", List.of(), List.of(),
                List.of(), null, Instant.now());
    }

    /** A client: records what is written; blocks every write until its latch opens (a full TCP window). */
    private static final class RecordingEmitter extends SseEmitter {

        final List<String> written = new CopyOnWriteArrayList<>();
        final CountDownLatch writeStarted = new CountDownLatch(1);
        private final CountDownLatch open;

        RecordingEmitter(CountDownLatch open) {
            this.open = open;
        }

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            Set<DataWithMediaType> parts = builder.build();
            writeStarted.countDown();
            try {
                open.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.send(parts);
            StringBuilder text = new StringBuilder();
            parts.forEach(part -> text.append(part.getData()));
            written.add(text.toString().strip());
        }
    }
}
