package io.clusterwise.reliability;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #8 point 3: Events keep coming while ingest is restarted, or while the API server expires its watches
 * (410 Gone). None may be lost, and nothing already published may be published again.
 * <p>
 * The bound on re-publishes is zero, from ingest's design (ingest-service DESIGN.md, "No flood on restart, relist,
 * resync or failover"): a clean stop drains the queue and flushes before the process ends; a starting ingest reads
 * {@code cluster.events} back into its de-duplication memory (Event UID to resourceVersion) before its informers
 * start, so their first list finds every Event already published; a relist after 410 compares against the same
 * memory in the running process. The one-replica case has no window in which two ingests publish.
 * A hard stop (no drain, no flush) is not run here: the services share this JVM, and killing one without its shutdown
 * needs a separate process.
 */
class IngestRestartTest {

    /** One Event every 20 ms: 50 a second, a busy namespace, well under what ingest keeps up with. */
    private static final Duration EVERY = Duration.ofMillis(20);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SETTLED = 50;
    private static final int EXPIRIES = 3;

    private static ReliabilityStack stack;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldPublishEveryEventExactlyOnceWhenIngestIsStoppedAndStartedAgainMidFlow() {
        ConfigurableApplicationContext first = stack.startIngest(Map.of());
        try (SteadyEvents events = SteadyEvents.start(stack, "restart", EVERY)) {
            awaitPublished(events, SETTLED);

            long stopping = System.nanoTime();
            stack.stop(first);
            ConfigurableApplicationContext second = stack.startIngest(Map.of());
            long started = System.nanoTime();
            Set<String> beforeRestart = events.uids(); // created while the first ingest ran or stopped
            long resumedMs = awaitFirstPublishedAfter(events, started);
            awaitPublishedAfter(events, started, SETTLED);
            events.stop();

            Map<String, Integer> publishes = awaitAllPublished(events);
            List<String> republishedBefore = beforeRestart.stream().filter(uid -> publishes.get(uid) > 1).toList();
            List<String> duplicated = publishes.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey).toList();
            Figures.record("IngestRestartTest.restart", "ingest stopped cleanly and started again while Events flow",
                    "events created %d (%d before the restart), on cluster.events %d, lost %d, re-published (created before the restart) %d, published more than once %d, failed creates %d, outage (stop to new ingest started) %d ms, resumed %d ms after the start"
                            .formatted(events.created().size(), beforeRestart.size(), publishes.size(),
                                    events.created().size() - publishes.size(), republishedBefore.size(),
                                    duplicated.size(), events.failures().size(),
                                    millis(started - stopping), resumedMs));
            assertThat(events.failures()).as("creates whose outcome is unknown").isEmpty();
            assertThat(republishedBefore).as("Events published before the restart and again after it").isEmpty();
            assertThat(duplicated).as("Events published more than once").isEmpty();
            stack.stop(second);
        }
    }

    @Test
    void shouldPublishEveryEventExactlyOnceWhenTheWatchesExpireWith410GoneWhileEventsFlow() {
        ConfigurableApplicationContext ingest = stack.startIngest(Map.of());
        try (SteadyEvents events = SteadyEvents.start(stack, "gone", EVERY)) {
            awaitPublished(events, SETTLED);

            List<Integer> expired = new ArrayList<>();
            List<Long> resumedMs = new ArrayList<>();
            for (int i = 0; i < EXPIRIES; i++) {
                int ended = stack.cluster().expireWatches();
                long at = System.nanoTime();
                expired.add(ended);
                // an Event created after the expiry is published: the informer listed again and watches again
                resumedMs.add(awaitFirstPublishedAfter(events, at));
                awaitPublishedAfter(events, at, SETTLED / 5);
            }
            events.stop();

            Map<String, Integer> publishes = awaitAllPublished(events);
            List<String> duplicated = publishes.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey).toList();
            Figures.record("IngestRestartTest.gone", "every watch ended with 410 Gone, " + EXPIRIES + " times, while Events flow",
                    "watches expired %s, events created %d, on cluster.events %d, lost %d, re-published %d, failed creates %d, resumed %s ms after each expiry"
                            .formatted(expired, events.created().size(), publishes.size(),
                                    events.created().size() - publishes.size(), duplicated.size(),
                                    events.failures().size(), resumedMs));
            assertThat(expired).as("watches ended with 410 each time").allSatisfy(n -> assertThat(n).isPositive());
            assertThat(events.failures()).as("creates whose outcome is unknown").isEmpty();
            assertThat(duplicated).as("Events published again after a relist").isEmpty();
        } finally {
            stack.stop(ingest);
        }
    }

    private static void awaitPublished(SteadyEvents events, int atLeast) {
        await().atMost(WAIT).until(() -> events.publishes(stack.topics()).size() >= atLeast);
    }

    /** Waits until {@code count} Events created after {@code nanos} are on cluster.events. */
    private static void awaitPublishedAfter(SteadyEvents events, long nanos, int count) {
        await().atMost(WAIT).until(() -> {
            Map<String, Integer> publishes = events.publishes(stack.topics());
            return events.created().stream().filter(c -> c.createdNanos() > nanos && publishes.containsKey(c.uid()))
                    .count() >= count;
        });
    }

    /** Waits for the first Event created after {@code nanos} to be on cluster.events; how long after it, in ms. */
    private static long awaitFirstPublishedAfter(SteadyEvents events, long nanos) {
        awaitPublishedAfter(events, nanos, 1);
        return millis(System.nanoTime() - nanos);
    }

    /** Waits until every Event created is on cluster.events (none lost); returns the publishes per Event. */
    private static Map<String, Integer> awaitAllPublished(SteadyEvents events) {
        Set<String> created = events.uids();
        await().atMost(WAIT).untilAsserted(() -> {
            Set<String> lost = new java.util.TreeSet<>(created);
            lost.removeAll(events.publishes(stack.topics()).keySet());
            assertThat(lost).as("Events created and not on cluster.events (of %d)", created.size()).isEmpty();
        });
        return events.publishes(stack.topics());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
