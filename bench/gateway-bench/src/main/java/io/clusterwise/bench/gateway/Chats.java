package io.clusterwise.bench.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Fires {@code n} streaming requests at once (all released together by a latch) and measures, per request, the time
 * from sending to the line that marks the end of the answer. One platform thread per request (kept between rounds) on
 * a blocking socket ({@link PlainHttp}): the point is to hold them all open at the same time.
 */
final class Chats {

    /** @param nanos time to the end-of-answer line; -1 when the stream ended without it */
    record Result(long nanos, String outcome) {
        boolean ok() {
            return nanos >= 0;
        }
    }

    /** The chats' threads, kept between rounds (a round is over when all its chats are). */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-chat");
        t.setDaemon(true);
        return t;
    });

    private Chats() {
    }

    /**
     * @param body        the JSON body of request {@code i}
     * @param isEnd       the line that completes an answer (SSE {@code event:complete}, or Ollama's
     *                    {@code "done":true})
     * @param stagePrefix names this side's client-side timings in {@link Stages}; null records none
     * @param ramp the starts are spread evenly over this much time (the i-th waits {@code i * ramp / n}): a burst of
     *             hundreds of TCP connects in the same instant overflows a listen backlog and costs a 1 s SYN retry,
     *             which would measure the kernel, not the gateway. Keep it well below one answer's duration so
     *             that all {@code n} chats still overlap.
     */
    static List<Result> run(int n, URI uri, java.util.function.IntFunction<String> body, Predicate<String> isEnd,
                            Duration limit, Duration ramp, String stagePrefix) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Result>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(POOL.submit(() -> {
                    String request = body.apply(index);
                    ready.countDown();
                    go.await();
                    long offset = ramp.toNanos() * index / n;
                    if (offset > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(offset);
                    }
                    return one(uri, request, isEnd, limit, stagePrefix);
                }));
            }
            ready.await();
            go.countDown();
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get(limit.toMillis() + 10_000, TimeUnit.MILLISECONDS));
            }
            return results;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    private static Result one(URI uri, String body, Predicate<String> isEnd, Duration limit, String stagePrefix) {
        long start = System.nanoTime();
        long[] end = {-1};
        String[] last = {"no end line"};
        boolean[] first = {true};
        try {
            int status = PlainHttp.post(uri, body, "text/event-stream, application/x-ndjson", limit, code -> {
                if (stagePrefix != null) {
                    Stages.record(stagePrefix + "response headers", System.nanoTime() - start);
                }
            }, line -> {
                if (stagePrefix != null && first[0] && (line.startsWith("{") || line.equals("event:chunk"))) {
                    Stages.record(stagePrefix + "first chunk", System.nanoTime() - start);
                    first[0] = false;
                }
                if (isEnd.test(line)) {
                    end[0] = System.nanoTime() - start;
                    if (stagePrefix != null) {
                        Stages.record(stagePrefix + "end of answer", end[0]);
                    }
                    return true;
                }
                if (line.startsWith("event:")) {
                    last[0] = line.substring("event:".length());
                }
                return false;
            });
            if (status != 200) {
                return new Result(-1, "HTTP " + status);
            }
            return end[0] >= 0 ? new Result(end[0], "completed") : new Result(-1, last[0]);
        } catch (Exception e) {
            return new Result(-1, e.getClass().getSimpleName());
        }
    }
}
