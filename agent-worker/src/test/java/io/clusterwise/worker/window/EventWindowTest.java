package io.clusterwise.worker.window;

import io.clusterwise.worker.MutableClock;

import io.clusterwise.contracts.ClusterEvent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.greeterBackOff;
import static io.clusterwise.worker.Fixtures.greeterLifecycle;
import static org.assertj.core.api.Assertions.assertThat;

class EventWindowTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @Test
    void shouldReplaceTheOlderRecordWhenTheSameEventIsPublishedAgain() {
        EventWindow window = new EventWindow(100, Duration.ofHours(1), clock);

        window.add(greeterBackOff(3, T0.plusSeconds(200)), clock.instant().minusSeconds(60));
        window.add(greeterBackOff(9, T0.plusSeconds(3500)), clock.instant());

        assertThat(window.events()).singleElement().extracting(ClusterEvent::count).isEqualTo(9);
    }

    @Test
    void shouldEvictTheLeastRecentlyPublishedWhenFull() {
        EventWindow window = new EventWindow(3, Duration.ofHours(1), clock);
        List<ClusterEvent> lifecycle = greeterLifecycle(); // Scheduled, Pulled, Created, Started

        lifecycle.forEach(e -> window.add(e, clock.instant()));

        assertThat(window.events()).extracting(ClusterEvent::reason).containsExactly("Pulled", "Created", "Started");
    }

    @Test
    void shouldCountAReplacedEventAsTheNewestWhenEvicting() {
        EventWindow window = new EventWindow(3, Duration.ofHours(1), clock);
        List<ClusterEvent> lifecycle = greeterLifecycle();
        window.add(lifecycle.get(0), clock.instant());
        window.add(lifecycle.get(1), clock.instant());
        window.add(lifecycle.get(2), clock.instant());

        window.add(lifecycle.get(0), clock.instant()); // Scheduled again: now the newest
        window.add(lifecycle.get(3), clock.instant());

        assertThat(window.events()).extracting(ClusterEvent::reason).containsExactly("Created", "Scheduled", "Started");
    }

    @Test
    void shouldDropEventsByTheirRecordTimestampNotTheirOwnOldTimestamps() {
        EventWindow window = new EventWindow(100, Duration.ofHours(1), clock);
        // a long-running problem: first seen two days ago, re-published now
        ClusterEvent old = greeterBackOff(500, T0.minus(Duration.ofDays(2)));

        window.add(old, clock.instant());
        assertThat(window.size()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(61));
        assertThat(window.events()).isEmpty();
    }

    @Test
    void shouldRefuseARecordPublishedBeforeTheMaxAge() {
        EventWindow window = new EventWindow(100, Duration.ofHours(1), clock);

        boolean kept = window.add(greeterBackOff(1, T0), clock.instant().minus(Duration.ofMinutes(90)));

        assertThat(kept).isFalse();
        assertThat(window.size()).isZero();
    }

    @Test
    void shouldChangeVersionWhenContentChanges() {
        EventWindow window = new EventWindow(100, Duration.ofHours(1), clock);
        long empty = window.version();

        window.add(greeterBackOff(1, T0), clock.instant());

        assertThat(window.version()).isGreaterThan(empty);
        assertThat(window.version()).isEqualTo(window.version());
    }
}
