package io.clusterwise.ingest.publish;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Topic;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestProperties;
import io.clusterwise.ingest.normalize.ObservedNormalizer;
import io.clusterwise.ingest.redact.Redaction;
import io.clusterwise.ingest.redact.Redactor;
import io.clusterwise.ingest.watch.Observed;
import io.clusterwise.ingest.watch.ObservedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * The one publisher thread: drains the queue → normalize → redact → send to {@code cluster.events}, keyed by the
 * involved object's UID. The producer is idempotent with {@code acks=all} (see {@code ingest-service.properties}).
 * Starts before the informers and stops after them, sending what is still queued.
 */
@Component
class ClusterEventPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClusterEventPublisher.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Before the informers ({@code Integer.MAX_VALUE - 1024}): started first, stopped last. */
    static final int PHASE = Integer.MAX_VALUE - 2048;

    private final ObservedQueue queue;
    private final ObservedNormalizer normalizer;
    private final Redactor redactor;
    private final KafkaTemplate<String, Envelope<?>> kafka;
    private final IngestMetrics metrics;
    private final String clusterName;
    private final String topic = Topic.CLUSTER_EVENTS.topicName();
    private volatile boolean running;
    private Thread thread;

    ClusterEventPublisher(ObservedQueue queue, ObservedNormalizer normalizer, Redactor redactor,
                          KafkaTemplate<String, Envelope<?>> kafka, IngestMetrics metrics, IngestProperties properties) {
        this.queue = queue;
        this.normalizer = normalizer;
        this.redactor = redactor;
        this.kafka = kafka;
        this.metrics = metrics;
        this.clusterName = properties.clusterName();
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "clusterwise-ingest-publisher-" + clusterName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("publisher did not finish within {}; {} observations left unsent", STOP_TIMEOUT, queue.size());
                thread.interrupt();
            }
        }
        // what was sent but not yet acknowledged is delivered when the producer factory closes its producer
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void run() {
        try {
            while (running || queue.size() > 0) {
                Observed observed = queue.poll(POLL);
                if (observed != null) {
                    publish(observed);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void publish(Observed observed) {
        List<ClusterEvent> events;
        try {
            events = normalizer.normalize(observed);
        } catch (RuntimeException e) {
            // a bug or an object shape we did not expect: say which object, never its content
            metrics.failed("normalize");
            log.error("cannot normalize {} {}/{}: {}", observed.object().getKind(),
                    observed.object().getMetadata().getNamespace(), observed.object().getMetadata().getName(),
                    e.toString());
            return;
        }
        events.forEach(event -> send(redacted(event)));
    }

    private ClusterEvent redacted(ClusterEvent event) {
        Redaction redaction = redactor.redact(event.message());
        if (redaction.count() == 0) {
            return event;
        }
        metrics.redacted(redaction.count());
        return event.withMessage(redaction.text());
    }

    private void send(ClusterEvent event) {
        String key = event.involvedObject().uid() != null && !event.involvedObject().uid().isEmpty()
                ? event.involvedObject().uid() : event.involvedObject().path();
        Envelope<ClusterEvent> envelope = Envelope.of(clusterName, event.involvedObject().path(), event.lastSeen(), event);
        try {
            kafka.send(topic, key, envelope).whenComplete((result, failure) -> {
                if (failure == null) {
                    metrics.published(event.origin().name());
                } else {
                    metrics.failed("send");
                    log.error("cannot publish {} {} for {} to {}: {}", event.reason(), event.eventUid(),
                            event.involvedObject().path(), topic, failure.toString());
                }
            });
        } catch (RuntimeException e) {
            metrics.failed("send");
            log.error("cannot publish {} {} for {} to {}: {}", event.reason(), event.eventUid(),
                    event.involvedObject().path(), topic, e.toString());
        }
    }
}
