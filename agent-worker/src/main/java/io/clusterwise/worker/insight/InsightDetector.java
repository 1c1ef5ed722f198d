package io.clusterwise.worker.insight;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Topic;
import io.clusterwise.worker.analysis.Analysis;
import io.clusterwise.worker.window.EventWindow;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Publishes one {@code OPENED} insight on {@code agent.insights} when a new finding (analyzer + object) appears in
 * the window, keyed by its fingerprint, and not again while the finding keeps showing up. A fingerprint is forgotten
 * once its finding has been absent for the window's max-age, so memory stays bounded however long the process runs,
 * a problem that flaps (crash, ready, crash…) is announced once, and one that returns after that long is announced
 * again. Not exactly-once across replicas or restarts: see DESIGN.md.
 */
final class InsightDetector implements SmartLifecycle {

    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(InsightDetector.class);

    private final EventWindow window;
    private final Analysis analysis;
    private final KafkaTemplate<String, Envelope<?>> kafka;
    private final String clusterName;
    private final Clock clock;
    /** Fingerprint → when its finding was last seen, for every finding announced and not yet forgotten. */
    private final Map<String, Instant> published = new ConcurrentHashMap<>();
    private volatile long seenVersion = -1;
    private volatile ScheduledExecutorService scheduler;

    InsightDetector(EventWindow window, Analysis analysis, KafkaTemplate<String, Envelope<?>> kafka,
                    String clusterName, Clock clock) {
        this.window = window;
        this.analysis = analysis;
        this.kafka = kafka;
        this.clusterName = clusterName;
        this.clock = clock;
    }

    /** Looks at the window once; publishes an insight for each finding not published before. */
    void check() {
        long version = window.version();
        if (version == seenVersion) {
            return;
        }
        seenVersion = version;
        List<ClusterEvent> events = window.events();
        Map<String, ClusterEvent> byUid = events.stream()
                .collect(Collectors.toMap(ClusterEvent::eventUid, Function.identity(), (a, b) -> b));
        Instant now = clock.instant();
        for (Finding finding : analysis.findings(events)) {
            String fingerprint = Analysis.fingerprint(finding);
            if (published.put(fingerprint, now) == null) {
                publish(fingerprint, insight(fingerprint, finding, byUid));
            }
        }
        Instant forgetBefore = now.minus(window.maxAge());
        published.values().removeIf(lastSeen -> lastSeen.isBefore(forgetBefore));
    }

    private Insight insight(String fingerprint, Finding finding, Map<String, ClusterEvent> byUid) {
        List<Evidence> evidence = new ArrayList<>();
        for (String uid : finding.evidenceIds()) {
            ClusterEvent e = byUid.get(uid);
            if (e != null) {
                evidence.add(new Evidence("E" + (evidence.size() + 1), e.involvedObject(), e.reason(),
                        e.message(), e.lastSeen() != null ? e.lastSeen() : e.firstSeen()));
            }
        }
        return new Insight(fingerprint, Insight.Transition.OPENED, finding.severity(), finding.summary(),
                List.of(finding.object()), evidence, SuggestedCommands.forFinding(finding), null, clock.instant());
    }

    private void publish(String fingerprint, Insight insight) {
        ProducerRecord<String, Envelope<?>> record = new ProducerRecord<>(Topic.AGENT_INSIGHTS.topicName(),
                fingerprint, Envelope.of(clusterName, insight.affected().get(0).path(), insight));
        kafka.send(record).whenComplete((result, error) -> {
            if (error != null) {
                published.remove(fingerprint); // try again on the next check
                log.warn("could not publish insight {}: {}", fingerprint, error.getMessage());
            } else {
                log.info("insight {}: {}", insight.transition(), insight.title());
            }
        });
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clusterwise-insights");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                log.error("insight check failed", e);
            }
        }, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = s;
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        scheduler = null;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
