package io.clusterwise.gateway.insights;

import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.web.SseEvents;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open {@code /api/insights/stream} connections; each new insight is written to all of them as
 * {@code event: insight}. Bounded by {@code clusterwise.gateway.insights.max-subscribers}; heartbeats drop clients that
 * have gone, and each stream ends after {@link #STREAM_LIFETIME} (EventSource reconnects by itself). On shutdown the
 * streams are ended first, and streams opened from then on end at once, so the web server's graceful shutdown does
 * not wait for them.
 */
@Component
class InsightSubscribers implements InitializingBean, SmartLifecycle {

    static final String EVENT = "insight";
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private final int maxSubscribers;
    private final Duration heartbeatInterval;
    private final ScheduledExecutorService timer;
    private volatile boolean running;

    InsightSubscribers(GatewayProperties properties, ScheduledExecutorService gatewayTimer) {
        this.maxSubscribers = properties.gateway().insights().maxSubscribers();
        this.heartbeatInterval = properties.gateway().heartbeatInterval();
        this.timer = gatewayTimer;
    }

    @Override
    public void afterPropertiesSet() {
        long every = heartbeatInterval.toMillis();
        timer.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        synchronized (emitters) {
            running = false;
            emitters.forEach(SseEmitter::complete);
            emitters.clear();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        synchronized (emitters) {
            if (!running) {
                // stopping (or not started yet): an open stream would hold the web server's graceful shutdown, so
                // end it at once; EventSource reconnects by itself (to this instance once it runs, or another)
                emitter.complete();
                return emitter;
            }
            if (emitters.size() >= maxSubscribers) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        maxSubscribers + " insight streams are already open on this gateway; raise"
                                + " clusterwise.gateway.insights.max-subscribers or poll GET /api/insights instead");
                problem.setTitle("Too many insight streams");
                throw new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
            }
            emitters.add(emitter);
        }
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        // the response (and its headers) only goes out with the first write: open the stream now, not at the
        // first heartbeat or insight
        write(emitter, SseEvents.keepAlive());
        return emitter;
    }

    int size() {
        return emitters.size();
    }

    void broadcast(Insight insight) {
        String json = WireJson.writeString(insight);
        emitters.forEach(emitter -> write(emitter, SseEvents.event(EVENT, json)));
    }

    private void heartbeat() {
        emitters.forEach(emitter -> write(emitter, SseEvents.keepAlive()));
    }

    private void write(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            emitters.remove(emitter);
        }
    }
}
