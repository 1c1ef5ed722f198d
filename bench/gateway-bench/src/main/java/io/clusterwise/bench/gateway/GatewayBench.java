package io.clusterwise.bench.gateway;

import io.clusterwise.devstack.LocalStack;
import io.clusterwise.devstack.StackOptions;
import io.clusterwise.devstack.kafka.LocalBroker;
import io.clusterwise.gateway.ChatGatewayApplication;
import org.springframework.context.ConfigurableApplicationContext;
import io.clusterwise.testsupport.ollama.OllamaDouble;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway benchmark of bench/README.md. Runs the whole local stack in this JVM (real KRaft broker, simulated
 * cluster, ingest, worker, gateway) with the Ollama double as the model, then:
 * <ol>
 *   <li><b>overhead</b>: rounds of 200 concurrent chats, each once straight to the double's {@code /api/chat} and
 *   once through the pipeline ({@code POST /api/chat} on the gateway → Kafka → worker → double → Kafka → SSE), time
 *   to the end of the answer; the added latency is the difference of the two distributions at p50 and p99;</li>
 *   <li><b>hold</b>: 1,000 chats at once on one gateway, the double slow enough that all of them are open together;
 *   the gateway's own {@code clusterwise_gateway_answers_pending} gauge is sampled for the peak.</li>
 * </ol>
 * Arguments (all optional): {@code rounds=5 concurrency=200 hold=1000}; {@code relay=0}, {@code single=0} (the relay's
 * 1-chat-at-a-time part) or {@code pipeline=0} skip those parts while iterating on one of them; {@code warmup=N} is
 * the least number of warm-up chats each way (default 1,000; more run until the JIT settles).
 */
public final class GatewayBench {

    /** Starts of one round spread over this (see {@link Chats#run}); an answer takes 5 × {@link #CHUNK_DELAY}. */
    private static final Duration RAMP = Duration.ofMillis(50);
    private static final Duration CHUNK_DELAY = Duration.ofMillis(40);
    private static int warmUpChats = 1000;
    /** Compilation time (summed over the compiler threads) per wall time below which the JIT counts as settled. */
    private static final double QUIET_JIT = 0.25;
    private static final Duration MAX_WARM_UP = Duration.ofMinutes(3);
    private static final String[] CHUNKS = {"greeter ", "is in ", "CrashLoopBackOff ", "because it exits ", "[E1]."};
    private static final Pattern PENDING = Pattern.compile("^clusterwise_gateway_answers_pending(?:\\{[^}]*})? (\\S+)$",
            Pattern.MULTILINE);

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> opts = new TreeMap<>(Map.of("rounds", 5, "concurrency", 200, "hold", 1000));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            opts.put(kv[0], Integer.parseInt(kv[1]));
        }
        int rounds = opts.get("rounds");
        int concurrency = opts.get("concurrency");
        int hold = opts.get("hold");
        int pipeline = opts.getOrDefault("pipeline", 1);
        warmUpChats = opts.getOrDefault("warmup", warmUpChats);
        if (opts.getOrDefault("relay", 1) != 0) {
            relayPhase(rounds, concurrency, opts.getOrDefault("single", 1) != 0);
        }
        if (pipeline == 0 && hold == 0) {
            return;
        }
        Path workDir = Files.createTempDirectory("gateway-bench");
        try (OllamaDouble ollama = OllamaDouble.start().reply(CHUNKS).chunkDelay(CHUNK_DELAY);
             LocalStack stack = LocalStack.start(StackOptions.forTests(workDir, ollama.baseUrl()).toBuilder()
                     .answerDeadline(Duration.ofSeconds(60))
                     .gatewayAnswerTimeout(Duration.ofSeconds(150))
                     .property("clusterwise.gateway.max-pending-answers",
                             Integer.toString(Math.max(hold, concurrency) + 100))
                     .property("clusterwise.gateway.rate-limit.requests-per-minute", "0")
                     .property("clusterwise.worker.max-concurrent-answers", "256")
                     .property("logging.level.root", "WARN")
                     .property("logging.level.io.clusterwise", "WARN")
                     .build())) {
            URI direct = URI.create(ollama.baseUrl() + "/api/chat");
            URI gateway = URI.create(stack.gatewayUrl() + "/api/chat");
            System.out.printf(Locale.ROOT, "stack up: gateway %s, Ollama double %s; %d cores, max heap %d MiB%n",
                    stack.gatewayUrl(), ollama.baseUrl(), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);

            if (pipeline != 0) {
                overhead("whole pipeline (real agent-worker: analyzers, context, langchain4j)", direct, gateway,
                        rounds, concurrency);
            }
            if (hold > 0) {
                holdMany(hold, ollama, stack, gateway);
            }
        }
    }

    /**
     * Only the gateway and Kafka between the client and the double: a broker, one gateway, {@link RelayWorker}.
     * Measured unloaded (1 chat at a time) and at {@code concurrency}.
     */
    private static void relayPhase(int rounds, int concurrency, boolean single) throws Exception {
        try (OllamaDouble ollama = OllamaDouble.start().reply(CHUNKS).chunkDelay(CHUNK_DELAY);
             LocalBroker broker = LocalBroker.start(0)) {
            ConfigurableApplicationContext gatewayContext = ChatGatewayApplication.builder().run(
                    "--server.port=0", "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "--clusterwise.gateway.max-pending-answers=2000",
                    "--clusterwise.gateway.rate-limit.requests-per-minute=0",
                    "--management.metrics.use-global-registry=false",
                    "--logging.level.root=WARN");
            try (RelayWorker relay = new RelayWorker(broker.bootstrapServers(), ollama.baseUrl())) {
                String port = gatewayContext.getEnvironment().getRequiredProperty("local.server.port");
                URI gateway = URI.create("http://localhost:" + port + "/api/chat");
                URI direct = URI.create(ollama.baseUrl() + "/api/chat");
                awaitReady(URI.create("http://localhost:" + port + "/actuator/health/readiness"));
                if (single) {
                    overhead("gateway + Kafka only (relay worker), 1 chat at a time", direct, gateway, 100, 1);
                }
                overhead("gateway + Kafka only (relay worker)", direct, gateway, rounds, concurrency);
            } finally {
                gatewayContext.close();
            }
        }
    }

    private static void awaitReady(URI readiness) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            if (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200) {
                return;
            }
            Thread.sleep(100); // a benchmark, not a test: polling the probe is fine here
        }
        throw new IllegalStateException("the gateway did not get ready: " + readiness);
    }

    /**
     * Not measured: JIT compilation, connection set-up, Kafka metadata. Everything runs in this one JVM (broker,
     * gateway, worker, double, clients) on two cores, and the compilers take minutes to be done with the hot paths of
     * all of them: after a warm-up of one round, C1/C2 still used about half of the machine during the measured rounds
     * (jstat -compiler, /proc per-thread CPU). So rounds of 200 chats each way run until the compiler threads used less
     * than {@link #QUIET_JIT} of one core over the last round pair, at least {@link #warmUpChats} chats and at most
     * {@link #MAX_WARM_UP}; what they still use during the measured rounds is printed with the results.
     */
    private static void warmUp(URI direct, URI gateway, int concurrency) throws Exception {
        int size = Math.max(concurrency, 200);
        long started = System.nanoTime();
        int chats = 0;
        double share = 1;
        while (true) {
            long wall = System.nanoTime();
            long compiling = JitLoad.cpuMillis();
            Chats.run(size, direct, i -> ollamaBody(i), GatewayBench::ollamaDone, Duration.ofSeconds(60),
                    RAMP, null);
            Chats.run(size, gateway, i -> question(i), GatewayBench::sseComplete, Duration.ofSeconds(150),
                    RAMP, null);
            chats += size;
            share = (JitLoad.cpuMillis() - compiling) * 1e6 / (System.nanoTime() - wall);
            boolean enough = chats >= warmUpChats && share < QUIET_JIT;
            if (enough || System.nanoTime() - started > MAX_WARM_UP.toNanos()) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "%nwarm-up: %d chats each way in %.0f s; JIT compiling %.0f%% of the last"
                + " rounds' wall time (of one core)%n", chats, (System.nanoTime() - started) / 1e9, share * 100);
    }

    private static void overhead(String label, URI direct, URI gateway, int rounds, int concurrency)
            throws Exception {
        warmUp(direct, gateway, concurrency);

        List<Long> directNanos = new ArrayList<>();
        List<Long> pipelineNanos = new ArrayList<>();
        Map<String, Long> failures = new TreeMap<>();
        int failed = 0;
        Stages.clear();
        long measuredFrom = System.nanoTime();
        long jitFrom = JitLoad.cpuMillis();
        for (int r = 0; r < rounds; r++) {
            for (Chats.Result result : Chats.run(concurrency, direct, i -> ollamaBody(i),
                    GatewayBench::ollamaDone, Duration.ofSeconds(60), RAMP, "client, direct: ")) {
                if (result.ok()) {
                    directNanos.add(result.nanos());
                } else {
                    failed++;
                    failures.merge("direct: " + result.outcome(), 1L, Long::sum);
                }
            }
            for (Chats.Result result : Chats.run(concurrency, gateway, i -> question(i),
                    GatewayBench::sseComplete, Duration.ofSeconds(150), RAMP, "client, through: ")) {
                if (result.ok()) {
                    pipelineNanos.add(result.nanos());
                } else {
                    failed++;
                    failures.merge("gateway: " + result.outcome(), 1L, Long::sum);
                }
            }
        }
        long[] d = sorted(directNanos);
        long[] p = sorted(pipelineNanos);
        System.out.printf(Locale.ROOT, "%n== %s: %d concurrent chats, %d rounds (%d direct, %d through the"
                + " gateway, %d failed%s) ==%n", label, concurrency, rounds, d.length, p.length, failed,
                failures.isEmpty() ? "" : " " + failures);
        System.out.printf(Locale.ROOT, "(system load average now %.1f on %d cores: other processes skew these figures)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-22s %10s %10s %10s%n", "", "p50 ms", "p99 ms", "max ms");
        System.out.printf(Locale.ROOT, "%-22s %10.1f %10.1f %10.1f%n", "Ollama double direct", ms(pct(d, 50)),
                ms(pct(d, 99)), ms(d[d.length - 1]));
        System.out.printf(Locale.ROOT, "%-22s %10.1f %10.1f %10.1f%n", "through the gateway", ms(pct(p, 50)),
                ms(pct(p, 99)), ms(p[p.length - 1]));
        System.out.printf(Locale.ROOT, "%-22s %10.1f %10.1f%n", "added", ms(pct(p, 50) - pct(d, 50)),
                ms(pct(p, 99) - pct(d, 99)));
        System.out.printf(Locale.ROOT, "(JIT compiler threads used %.0f%% of one core during the measured rounds)%n",
                (JitLoad.cpuMillis() - jitFrom) * 1e6 * 100 / (System.nanoTime() - measuredFrom));
        Stages.print();
    }

    private static void holdMany(int n, OllamaDouble ollama, LocalStack stack, URI gateway) throws Exception {
        // 5 chunks 1 s apart: every answer takes at least 5 s, so all n streams are open at the same time
        ollama.chunkDelay(Duration.ofSeconds(1));
        AtomicLong peak = new AtomicLong();
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create(stack.gatewayUrl() + "/actuator/prometheus");
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            try {
                String body = http.send(HttpRequest.newBuilder(metrics).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = PENDING.matcher(body);
                if (m.find()) {
                    peak.accumulateAndGet((long) Double.parseDouble(m.group(1)), Math::max);
                }
            } catch (Exception e) {
                // a missed sample
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        List<Chats.Result> results;
        try {
            // starts spread over 2 s; each answer takes at least 5 s, so all n are open together
            results = Chats.run(n, gateway, i -> question(i), GatewayBench::sseComplete, Duration.ofSeconds(150),
                    Duration.ofSeconds(2), null);
        } finally {
            sampler.shutdownNow();
        }
        long wall = System.nanoTime() - started;
        long ok = results.stream().filter(Chats.Result::ok).count();
        Map<String, Long> outcomes = new TreeMap<>();
        results.forEach(r -> outcomes.merge(r.outcome(), 1L, Long::sum));
        long[] t = sorted(results.stream().filter(Chats.Result::ok).map(Chats.Result::nanos).toList());
        System.out.printf(Locale.ROOT, "%n== %d concurrent SSE chats on one gateway ==%n", n);
        System.out.printf(Locale.ROOT, "completed %d of %d (%s); peak open streams on the gateway %d;"
                        + " wall time %.1f s; answer time p50 %.1f s, max %.1f s%n", ok, n, outcomes, peak.get(),
                wall / 1e9, t.length == 0 ? 0 : pct(t, 50) / 1e9, t.length == 0 ? 0 : t[t.length - 1] / 1e9);
    }

    private static boolean sseComplete(String line) {
        return line.equals("event:complete");
    }

    private static boolean ollamaDone(String line) {
        return line.contains("\"done\":true");
    }

    private static String question(int i) {
        return "{\"question\": \"why is greeter failing? (" + i + ")\"}";
    }

    private static String ollamaBody(int i) {
        return "{\"model\":\"mistral\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"why is greeter failing? (" + i + ")\"}]}";
    }

    private static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static long pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
