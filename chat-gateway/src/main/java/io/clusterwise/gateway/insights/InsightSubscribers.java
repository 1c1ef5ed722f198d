package io.clusterwise.gateway.insights;

import io.clusterwise.contracts.Insight;
import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.web.GatewayJson;
import io.clusterwise.gateway.web.SseEvents;
import io.clusterwise.gateway.web.StreamWriter;
import io.clusterwise.gateway.web.StreamWriters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The open {@code /api/insights/stream} connections; each new insight is written to all of them as
 * {@code event: insight}. Bounded by {@code clusterwise.gateway.insights.max-subscribers}; heartbeats drop clients that
 * have gone, and each stream ends after {@link #STREAM_LIFETIME} (EventSource reconnects by itself). On shutdown the
 * streams are ended first, and streams opened from then on end at once, so the web server's graceful shutdown does
 * not wait for them. Every write goes through the stream's own {@link StreamWriter} (the shared writer pool), so the
 * insight consumer and the timer never wait on a client's socket; a stream whose client stops reading until
 * {@code clusterwise.gateway.streams.queue-capacity} events wait ends with an {@code error} event and is counted.
 */
@Component
class InsightSubscribers implements InitializingBean, SmartLifecycle {

    static final String EVENT = "insight";
    static final String ERROR_EVENT = "error";
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

    private static final Logger log = LoggerFactory.getLogger(InsightSubscribers.class);

    private final Map<SseEmitter, StreamWriter> emitters = new ConcurrentHashMap<>();
    private final AtomicLong notReading = new AtomicLong();
    private final StreamWriters writers;
    private final int maxSubscribers;
    private final Duration heartbeatInterval;
    private final ScheduledExecutorService timer;
    private volatile boolean running;

    InsightSubscribers(GatewayProperties properties, ScheduledExecutorService gatewayTimer, StreamWriters writers) {
        this.writers = writers;
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
            emitters.forEach((emitter, writer) -> writer.last(emitter::complete));
            emitters.clear();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    SseEmitter subscribe() {
        return subscribe(new SseEmitter(STREAM_LIFETIME.toMillis()));
    }

    /** Package-private for tests, which hand in an emitter standing for the client. */
    SseEmitter subscribe(SseEmitter emitter) {
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
            emitters.put(emitter, writers.newStream());
        }
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        // the response (and its headers) only goes out with the first write: open the stream now, not at the
        // first heartbeat or insight
        queue(emitter, SseEvents::keepAlive);
        return emitter;
    }

    int size() {
        return emitters.size();
    }

    /** Streams ended because their client stopped reading. */
    long notReading() {
        return notReading.get();
    }

    void broadcast(Insight insight) {
        String json = GatewayJson.write(insight);
        // a builder is written once: each stream builds its own
        emitters.keySet().forEach(emitter -> queue(emitter, () -> SseEvents.event(EVENT, json)));
    }

    private void heartbeat() {
        emitters.forEach((emitter, writer) -> {
            if (writer.idle()) {
                queue(emitter, SseEvents::keepAlive);
            }
        });
    }

    private void queue(SseEmitter emitter, Supplier<SseEmitter.SseEventBuilder> event) {
        StreamWriter writer = emitters.get(emitter);
        if (writer == null || writer.offer(() -> write(emitter, event.get()))) {
            return;
        }
        if (emitters.remove(emitter, writer)) {
            notReading.incrementAndGet();
            log.info("ending an insight stream: its client is not reading (more than {} events waiting;"
                    + " clusterwise.gateway.streams.queue-capacity)", writer.queueCapacity());
            String message = GatewayJson.write(Map.of("message", "the client is not reading this stream: "
                    + writer.queueCapacity() + " events were waiting to be written to it"
                    + " (clusterwise.gateway.streams.queue-capacity)"));
            writer.last(() -> {
                write(emitter, SseEvents.event(ERROR_EVENT, message));
                emitter.complete();
            });
        }
    }

    private void write(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            emitters.remove(emitter);
        }
    }
}
