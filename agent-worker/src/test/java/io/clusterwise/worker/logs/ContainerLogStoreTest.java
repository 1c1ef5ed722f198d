package io.clusterwise.worker.logs;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.worker.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static io.clusterwise.worker.Fixtures.GREETER_LOG;
import static io.clusterwise.worker.Fixtures.GREETER_POD;
import static io.clusterwise.worker.Fixtures.GREETER_POD_UID;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.containerLog;
import static io.clusterwise.worker.Fixtures.greeterLog;
import static org.assertj.core.api.Assertions.assertThat;

/** The latest log excerpt per container: which one wins, how many are held, when they are forgotten. */
class ContainerLogStoreTest {

    private static final Instant NOW = T0.plus(Duration.ofHours(1));

    private final MutableClock clock = new MutableClock(NOW);
    private final ContainerLogStore store = new ContainerLogStore(100, 30, Duration.ofHours(1), clock);

    private static ObjectRef pod(int i) {
        return new ObjectRef("Pod", "shop", "api-5d8f9c7b6-p" + i, "pod-api-" + i);
    }

    private void put(ObjectRef pod, int restart, List<String> lines) {
        store.put(pod.uid(), containerLog(pod, "api", restart, 1, T0.plusSeconds(restart), lines), NOW);
    }

    @Test
    void shouldKeepOnlyLatestRestartWhenSeveralLogsArrive() {
        store.put(GREETER_POD_UID, containerLog(GREETER_POD, "greeter", 7, 2, T0, List.of("run 7 failed")), NOW);
        store.put(GREETER_POD_UID, greeterLog(9, T0.plusSeconds(90)), NOW);
        // a late record of an older restart (ingest re-published it) does not replace the newer one
        boolean kept = store.put(GREETER_POD_UID, containerLog(GREETER_POD, "greeter", 8, 2, T0.plusSeconds(60),
                List.of("run 8 failed")), NOW);

        assertThat(kept).isFalse();
        assertThat(store.excerpts()).singleElement().satisfies(e -> {
            assertThat(e.involvedObject()).isEqualTo(GREETER_POD);
            assertThat(e.reason()).isEqualTo(LogExcerpt.REASON);
            assertThat(e.message()).isEqualTo("last 3 lines of container greeter, restart 9, exit code 2\n"
                    + String.join("\n", GREETER_LOG));
            assertThat(e.lastSeen()).isEqualTo(T0.plusSeconds(90));
        });
    }

    @Test
    void shouldKeepOneExcerptPerContainerWhenAPodHasSeveral() {
        store.put(GREETER_POD_UID, greeterLog(9, T0), NOW);
        store.put(GREETER_POD_UID, containerLog(GREETER_POD, "sidecar", 1, 137, T0, List.of("killed")), NOW);

        assertThat(store.excerpts()).extracting(e -> e.container().name()).containsExactly("greeter", "sidecar");
    }

    @Test
    void shouldEvictTheLeastRecentlyUpdatedContainerAndCountItWhenMoreContainersThanTheLimitHaveLogs() {
        ContainerLogStore small = new ContainerLogStore(2, 30, Duration.ofHours(1), clock);
        small.put("pod-api-0", containerLog(pod(0), "api", 1, 1, T0, List.of("a")), NOW);
        small.put("pod-api-1", containerLog(pod(1), "api", 1, 1, T0, List.of("b")), NOW);
        small.put("pod-api-0", containerLog(pod(0), "api", 2, 1, T0, List.of("a again")), NOW); // updated: newest
        small.put("pod-api-2", containerLog(pod(2), "api", 1, 1, T0, List.of("c")), NOW);

        assertThat(small.excerpts()).extracting(e -> e.involvedObject().name())
                .containsExactly(pod(0).name(), pod(2).name());
        assertThat(small.evicted()).isEqualTo(1);
        assertThat(small.size()).isEqualTo(2);
    }

    @Test
    void shouldKeepTheLastMaxLinesAndSayHowManyWhenALogIsLonger() {
        ContainerLogStore threeLines = new ContainerLogStore(10, 3, Duration.ofHours(1), clock);
        List<String> lines = IntStream.rangeClosed(1, 10).mapToObj(i -> "line " + i).toList();

        threeLines.put("pod-api-0", containerLog(pod(0), "api", 4, 1, T0, lines), NOW);

        ClusterEvent excerpt = threeLines.excerpts().get(0);
        assertThat(excerpt.message()).isEqualTo("last 3 lines of container api, restart 4, exit code 1\n"
                + "line 8\nline 9\nline 10");
        assertThat(LogExcerpt.lines(excerpt)).containsExactly("line 8", "line 9", "line 10");
    }

    @Test
    void shouldCutLongLinesAndDropControlCharactersWhenALogHasThem() {
        put(pod(0), 1, List.of("\u001B[31mERROR\u001B[0m boom\r", "x".repeat(1_000)));

        List<String> lines = LogExcerpt.lines(store.excerpts().get(0));
        assertThat(lines.get(0)).isEqualTo("ERROR boom");
        assertThat(lines.get(1)).hasSize(LogExcerpt.MAX_LINE_CHARS).endsWith("…");
    }

    @Test
    void shouldNameTheTerminationWhenItWasNotAPlainError() {
        store.put("pod-api-0", new io.clusterwise.contracts.ContainerLog(pod(0), "api", 3, "OOMKilled", 137,
                List.of("allocating buffer"), false, T0), NOW);

        assertThat(store.excerpts().get(0).message())
                .startsWith("last 1 line of container api, restart 3, exit code 137 (OOMKilled)\n");
    }

    @Test
    void shouldForgetEveryContainerOfAPodWhenThePodIsDeleted() {
        put(pod(0), 1, List.of("a"));
        store.put("pod-api-0", containerLog(pod(0), "sidecar", 1, 1, T0, List.of("s")), NOW);
        put(pod(1), 1, List.of("b"));
        long before = store.version();

        store.forgetPod("pod-api-0");

        assertThat(store.excerpts()).extracting(e -> e.involvedObject().uid()).containsExactly("pod-api-1");
        assertThat(store.version()).isGreaterThan(before);
    }

    @Test
    void shouldForgetAnExcerptWhenItWasPublishedLongerAgoThanTheLookBack() {
        put(pod(0), 1, List.of("old"));
        clock.advance(Duration.ofMinutes(30));
        store.put("pod-api-1", containerLog(pod(1), "api", 1, 1, T0, List.of("recent")), clock.instant());

        clock.advance(Duration.ofMinutes(31));

        assertThat(store.excerpts()).extracting(e -> e.involvedObject().uid()).containsExactly("pod-api-1");
        assertThat(store.put("pod-api-2", containerLog(pod(2), "api", 1, 1, T0, List.of("x")),
                clock.instant().minus(Duration.ofHours(2)))).as("published before the look-back").isFalse();
    }
}
