package io.clusterwise.bench.gateway;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * from sending to the line that marks the end of the answer. One platform thread per request: the point is to hold
 * them all open at the same time.
 */
final class Chats {

    /** @param nanos time to the end-of-answer line; -1 when the stream ended without it */
    record Result(long nanos, String outcome) {
        boolean ok() {
            return nanos >= 0;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    private Chats() {
    }

    /**
     * @param body  the JSON body of request {@code i}
     * @param isEnd the line that completes an answer (SSE {@code event:complete}, or Ollama's {@code "done":true})
     */
    static List<Result> run(int n, URI uri, java.util.function.IntFunction<String> body, Predicate<String> isEnd,
                            Duration limit) throws Exception {
        return run(n, uri, body, isEnd, limit, Duration.ZERO);
    }

    /**
     * @param ramp the starts are spread evenly over this much time (the i-th waits {@code i * ramp / n}): a burst of
     *             hundreds of TCP connects in the same instant overflows a listen backlog and costs a 1 s SYN retry,
     *             which would measure the kernel, not the gateway. Keep it well below one answer's duration so
     *             that all {@code n} chats still overlap.
     */
    static List<Result> run(int n, URI uri, java.util.function.IntFunction<String> body, Predicate<String> isEnd,
                            Duration limit, Duration ramp) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "bench-chat");
            t.setDaemon(true);
            return t;
        });
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .timeout(limit)
                            .header("Content-Type", "application/json")
                            .header("Accept", "text/event-stream, application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(body.apply(index), StandardCharsets.UTF_8))
                            .build();
                    ready.countDown();
                    go.await();
                    long offset = ramp.toNanos() * index / n;
                    if (offset > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(offset);
                    }
                    return one(request, isEnd);
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
            pool.shutdownNow();
        }
    }

    private static Result one(HttpRequest request, Predicate<String> isEnd) {
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                return new Result(-1, "HTTP " + response.statusCode());
            }
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String last = "no end line";
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (isEnd.test(line)) {
                        return new Result(System.nanoTime() - start, "completed");
                    }
                    if (line.startsWith("event:")) {
                        last = line.substring("event:".length());
                    }
                }
                return new Result(-1, last);
            }
        } catch (Exception e) {
            return new Result(-1, e.getClass().getSimpleName());
        }
    }
}
