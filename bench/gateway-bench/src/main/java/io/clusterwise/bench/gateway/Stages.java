package io.clusterwise.bench.gateway;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Where the time of a chat goes: durations of named stages along the path (time to the response headers, to the first
 * chunk, each Kafka hop as the record's CreateTime to its receipt, …), collected during one measured part of the run,
 * printed as p50/p99 under its table, then forgotten.
 */
final class Stages {

    private static final Map<String, Queue<Long>> SAMPLES = new ConcurrentSkipListMap<>();

    private Stages() {
    }

    static void record(String stage, long nanos) {
        SAMPLES.computeIfAbsent(stage, s -> new ConcurrentLinkedQueue<>()).add(nanos);
    }

    static void clear() {
        SAMPLES.clear();
    }

    static void print() {
        if (SAMPLES.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "  where the time goes %40s %8s %8s %6s%n", "", "p50 ms", "p99 ms", "n");
        SAMPLES.forEach((stage, queue) -> {
            long[] a = queue.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            System.out.printf(Locale.ROOT, "  %-60s %8.1f %8.1f %6d%n", stage, a[pct(a.length, 50)] / 1e6,
                    a[pct(a.length, 99)] / 1e6, a.length);
        });
    }

    private static int pct(int n, int p) {
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(p / 100.0 * n) - 1));
    }
}
