package io.clusterwise.ingest.logs;

import io.clusterwise.contracts.ObjectRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limits and the coalescing of log reads, on a clock the test moves. */
class LogBudgetTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final List<String> outcomes = new ArrayList<>();
    /** Starts far from zero and crosses it, as {@link System#nanoTime()} may. */
    private long now = -5 * SECOND;

    private LogBudget budget(double readsPerSecond, int burst, Duration perPod, int pendingCapacity) {
        return new LogBudget(readsPerSecond, burst, perPod, pendingCapacity, 1000, now, outcomes::add);
    }

    @Test
    void shouldAllowBurstThenTheSteadyRateWhenManyPodsCrashAtOnce() {
        LogBudget budget = budget(2, 5, Duration.ofSeconds(30), 100);
        for (int i = 0; i < 50; i++) {
            assertThat(budget.offer(read("pod-" + i, "app", 1))).isEqualTo(LogBudget.Offered.QUEUED);
        }

        List<String> takenAtOnce = takeAll(budget);
        assertThat(takenAtOnce).containsExactly("pod-0", "pod-1", "pod-2", "pod-3", "pod-4");
        LogBudget.Next next = budget.next(now);
        assertThat(next).isInstanceOf(LogBudget.Next.Wait.class);
        assertThat(((LogBudget.Next.Wait) next).nanos()).isEqualTo(SECOND / 2);
        assertThat(outcomes).filteredOn(LogBudget.DEFERRED::equals).hasSize(45);

        // driven in small steps for 30 s: never more than burst + rate × elapsed, and all 50 in the end
        List<Long> takenAt = new ArrayList<>();
        long start = now;
        for (int i = 0; i < 3000; i++) {
            now += 10 * MS;
            while (budget.next(now) instanceof LogBudget.Next.Take) {
                takenAt.add(now);
            }
        }
        assertThat(takenAt).hasSize(45);
        for (int i = 0; i < takenAt.size(); i++) {
            double elapsed = (takenAt.get(i) - start) / (double) SECOND;
            assertThat(5 + i + 1).as("reads by %.2f s", elapsed).isLessThanOrEqualTo((int) (5 + 2 * elapsed));
        }
        assertThat(budget.next(now)).isInstanceOf(LogBudget.Next.Idle.class);
        assertThat(outcomes).filteredOn(LogBudget.DEFERRED::equals).as("each counted once").hasSize(45);
    }

    @Test
    void shouldRefillNoMoreThanBurstWhenQuietForLong() {
        LogBudget budget = budget(2, 3, Duration.ZERO, 100);
        now += 3600 * SECOND;
        for (int i = 0; i < 10; i++) {
            budget.offer(read("pod-" + i, "app", 1));
        }

        assertThat(takeAll(budget)).hasSize(3);
    }

    @Test
    void shouldWaitThePerPodIntervalWhenOnePodRestartsAgainSoon() {
        LogBudget budget = budget(100, 100, Duration.ofSeconds(30), 100);
        budget.offer(read("web", "app", 1));
        assertThat(takeAll(budget)).containsExactly("web");

        now += 10 * SECOND;
        budget.offer(read("web", "app", 2));
        budget.offer(read("other", "app", 1));

        assertThat(takeAll(budget)).as("another pod is not held up").containsExactly("other");
        assertThat(budget.next(now)).isEqualTo(new LogBudget.Next.Wait(20 * SECOND));
        now += 20 * SECOND - 1;
        assertThat(takeAll(budget)).isEmpty();
        now += 1;
        assertThat(takeAll(budget)).containsExactly("web");
    }

    @Test
    void shouldKeepOnlyTheLatestRestartWhenAContainerRestartsWhileItsReadWaits() {
        LogBudget budget = budget(1, 1, Duration.ofSeconds(30), 100);
        budget.offer(read("busy", "app", 1));
        takeAll(budget);

        assertThat(budget.offer(read("web", "app", 3))).isEqualTo(LogBudget.Offered.QUEUED);
        assertThat(budget.offer(read("web", "app", 3))).isEqualTo(LogBudget.Offered.ALREADY_WAITING);
        assertThat(budget.offer(read("web", "app", 4))).isEqualTo(LogBudget.Offered.COALESCED);
        assertThat(budget.offer(read("web", "sidecar", 1))).isEqualTo(LogBudget.Offered.QUEUED);
        assertThat(budget.waiting()).isEqualTo(2);

        now += SECOND;
        LogBudget.Next next = budget.next(now);
        assertThat(next).isInstanceOf(LogBudget.Next.Take.class);
        assertThat(((LogBudget.Next.Take) next).read().run()).isEqualTo(4);
        assertThat(((LogBudget.Next.Take) next).read().container()).isEqualTo("app");
        assertThat(outcomes).containsOnlyOnce(LogBudget.COALESCED);
    }

    @Test
    void shouldNotReadARunAgainWhenItWasReadOrPublishedBefore() {
        LogBudget budget = budget(10, 10, Duration.ZERO, 100);
        budget.offer(read("web", "app", 2));
        takeAll(budget);
        budget.remember(LogRead.containerKey("uid-db", "postgres"), 7);

        assertThat(budget.offer(read("web", "app", 2))).isEqualTo(LogBudget.Offered.ALREADY_READ);
        assertThat(budget.offer(read("web", "app", 1))).as("an older run").isEqualTo(LogBudget.Offered.ALREADY_READ);
        assertThat(budget.offer(read("db", "postgres", 7))).isEqualTo(LogBudget.Offered.ALREADY_READ);
        assertThat(budget.offer(read("db", "postgres", 8))).isEqualTo(LogBudget.Offered.QUEUED);
        assertThat(budget.offer(read("web", "app", 3))).isEqualTo(LogBudget.Offered.QUEUED);
    }

    @Test
    void shouldDropAndCountWhenMoreContainersWaitThanThePendingCapacity() {
        LogBudget budget = budget(1, 1, Duration.ZERO, 3);
        budget.offer(read("first", "app", 1));
        takeAll(budget);
        for (int i = 0; i < 5; i++) {
            budget.offer(read("pod-" + i, "app", 1));
        }

        assertThat(budget.waiting()).isEqualTo(3);
        assertThat(outcomes).filteredOn(LogBudget.DROPPED::equals).hasSize(2);
        assertThat(budget.offer(read("pod-0", "app", 2))).as("a waiting container still coalesces")
                .isEqualTo(LogBudget.Offered.COALESCED);
    }

    @Test
    void shouldCancelAndCountWaitingReadsWhenThePodIsDeletedOrLeadershipIsLost() {
        LogBudget budget = budget(1, 1, Duration.ZERO, 100);
        budget.offer(read("first", "app", 1));
        takeAll(budget);
        budget.offer(read("web", "app", 1));
        budget.offer(read("web", "sidecar", 1));
        budget.offer(read("db", "postgres", 1));

        assertThat(budget.cancelPod("uid-web")).isEqualTo(2);
        assertThat(budget.cancelAll()).isEqualTo(1);
        assertThat(budget.next(now)).isInstanceOf(LogBudget.Next.Idle.class);
        assertThat(outcomes).filteredOn(LogBudget.CANCELLED::equals).hasSize(3);
    }

    @Test
    void shouldShareTheBucketWhenASecondReadOfTheSameRunIsNeeded() {
        LogBudget budget = budget(2, 2, Duration.ZERO, 100);
        budget.offer(read("web", "app", 1));
        takeAll(budget);

        assertThat(budget.takeToken(now)).isZero();
        assertThat(budget.takeToken(now)).isEqualTo(SECOND / 2);
        budget.offer(read("db", "postgres", 1));
        assertThat(budget.next(now)).isEqualTo(new LogBudget.Next.Wait(SECOND / 2));
    }

    private List<String> takeAll(LogBudget budget) {
        List<String> pods = new ArrayList<>();
        for (LogBudget.Next next = budget.next(now); next instanceof LogBudget.Next.Take take; next = budget.next(now)) {
            pods.add(take.read().pod().name());
        }
        return pods;
    }

    private static LogRead read(String pod, String container, int run) {
        return new LogRead(new ObjectRef("Pod", "demo", pod, "uid-" + pod), container, run, "Error", 1, true);
    }
}
