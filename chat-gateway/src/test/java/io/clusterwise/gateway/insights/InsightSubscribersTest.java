package io.clusterwise.gateway.insights;

import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.testing.TestProperties;
import io.clusterwise.gateway.web.SseEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InsightSubscribersTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final InsightSubscribers subscribers = new InsightSubscribers(TestProperties.withInsights(
            new GatewayProperties.Insights(200, 1, Duration.ofHours(24))), timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
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
}
