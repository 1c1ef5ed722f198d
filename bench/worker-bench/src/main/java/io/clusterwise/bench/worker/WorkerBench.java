package io.clusterwise.bench.worker;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import io.clusterwise.worker.AgentWorkerApplication;
import io.clusterwise.worker.context.AnswerContext;
import io.clusterwise.worker.context.ContextBuilder;
import io.clusterwise.worker.diagnosis.Diagnosis;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.state.ClusterStateStore;
import io.clusterwise.worker.state.ClusterView;
import io.clusterwise.worker.window.EventWindow;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The worker benchmark (issue 5), two parts, both printed as a small report:
 * <ol>
 *   <li>what one answer costs before the model is asked, over a 100,000-event window: the incidents
 *       ({@code ClusterView.snapshot()}: analyzers, correlation, compression) and the grounded context
 *       ({@code ContextBuilder.build}), median and p95 of 30 runs after 10 warm-up runs;</li>
 *   <li>the heap of a real worker (started through its entry point, against a real KRaft broker and the Ollama
 *       protocol double) after it has read 500,000 events from {@code cluster.events}, with the default window
 *       bound and with the window holding all of them.</li>
 * </ol>
 * Usage: {@code java -Xmx1g -jar worker-bench-exec.jar [events-in-window] [events-to-ingest]}
 */
public final class WorkerBench {

    private WorkerBench() {
    }

    public static void main(String[] args) throws Exception {
        int windowEvents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int ingestEvents = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        contextBuild(windowEvents);
        heapAfterIngest(ingestEvents);
        System.exit(0);
    }

    private static void contextBuild(int n) throws InterruptedException {
        Instant now = Instant.now();
        BenchEvents events = new BenchEvents(now.minus(Duration.ofMinutes(50)));
        EventWindow window = new EventWindow(n, Duration.ofHours(1), Clock.systemUTC());
        java.util.Set<String> uids = new java.util.HashSet<>();
        for (int i = 0; uids.size() < n; i++) {
            ClusterEvent e = events.event(i);
            uids.add(e.eventUid());
            window.add(e, now);
        }
        ClusterView view = new ClusterView(window, new ClusterStateStore(1000), Diagnosis.standard(),
                Clock.systemUTC(), () -> true);
        ContextBuilder contexts = new ContextBuilder(4096);
        List<ChatQuestion.Turn> history = List.of(
                new ChatQuestion.Turn(ChatQuestion.Role.USER, "what is failing in team-0?"),
                new ChatQuestion.Turn(ChatQuestion.Role.ASSISTANT, "svc-3 is crash-looping [E1]."));
        String question = "why is svc-3 crashing in team-0?";
        int warmup = 10;
        int runs = 30;
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpuNanos = new long[runs];
        long[] incidentsNanos = new long[runs];
        long[] contextNanos = new long[runs];
        AnswerContext last = null;
        int incidents = 0;
        for (int r = 0; r < warmup + runs; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            ClusterView.Snapshot snapshot = view.compute(Instant.now());
            List<Finding> findings = snapshot.incidents().stream().map(Incident::finding).toList();
            long t1 = System.nanoTime();
            last = contexts.build(question, history, snapshot.evidence(), findings);
            long t2 = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            if (r >= warmup) {
                cpuNanos[r - warmup] = cpu;
                incidentsNanos[r - warmup] = t1 - t0;
                contextNanos[r - warmup] = t2 - t1;
            }
            incidents = findings.size();
        }
        long[] total = new long[runs];
        for (int i = 0; i < runs; i++) {
            total[i] = incidentsNanos[i] + contextNanos[i];
        }
        List<ClusterEvent> all = window.events();
        long[] reference = new long[runs];
        for (int r = 0; r < warmup + runs; r++) {
            long t0 = System.nanoTime();
            Map<String, Instant> byUid = new java.util.HashMap<>();
            for (ClusterEvent e : all) {
                byUid.put(e.eventUid(), e.lastSeen());
            }
            List<Instant> times = new ArrayList<>(byUid.values());
            times.sort(null);
            if (r >= warmup) {
                reference[r - warmup] = System.nanoTime() - t0;
            }
        }
        System.out.printf("%n== context build over a %,d-event window (%d runs after %d warm-up) ==%n", window.size(),
                runs, warmup);
        System.out.printf("incidents (analyzers + correlation + compression): median %.1f ms, p95 %.1f ms; %d incidents%n",
                ms(median(incidentsNanos)), ms(p95(incidentsNanos)), incidents);
        System.out.printf("context (selection + citations + budget):          median %.1f ms, p95 %.1f ms; %d evidence "
                        + "lines, ~%d prompt tokens of 4096%n", ms(median(contextNanos)), ms(p95(contextNanos)),
                last.evidence().size(), last.prompt().estimatedTokens());
        System.out.printf("fresh analysis + context (the episode check's work): median %.1f ms, p95 %.1f ms%n",
                ms(median(total)), ms(p95(total)));
        System.out.printf("the same, CPU time of the answering thread:      median %.1f ms, p95 %.1f ms (wall time above "
                + "includes waiting for a CPU: load average %.1f on %d cores)%n", ms(median(cpuNanos)), ms(p95(cpuNanos)),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("machine reference (not clusterwise code): put the window's %,d eventUids in a HashMap and "
                + "sort their times: median %.1f ms%n", all.size(), ms(median(reference)));
        // The answer path of the running worker: the episode check re-analyses every second on its own thread
        // (EpisodeKeeper, check-interval PT1S) while records keep arriving; a question takes the latest snapshot when
        // it is at most ClusterView.ANSWER_STALENESS old (ClusterView.forAnswer), else analyses afresh.
        int answers = 60;
        long[] answerNanos = new long[answers];
        List<ClusterEvent> arriving = window.events();
        java.util.concurrent.ScheduledExecutorService check = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        check.scheduleAtFixedRate(view::snapshot, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
        try {
            Thread.sleep(1_500); // the first check has run
            for (int r = 0; r < answers; r++) {
                ClusterEvent next = arriving.get(r % arriving.size());
                window.add(next.withMessage(next.message() + " (again)"), Instant.now()); // the window keeps changing
                long t0 = System.nanoTime();
                ClusterView.Snapshot snapshot = view.forAnswer();
                contexts.build(question, history, snapshot.evidence(),
                        snapshot.incidents().stream().map(Incident::finding).toList());
                answerNanos[r] = System.nanoTime() - t0;
                Thread.sleep(50); // questions arrive over three seconds, between episode checks
            }
        } finally {
            check.shutdownNow();
        }
        System.out.printf("per question in the running worker (window changing, episode check every second, "
                + "ClusterView.forAnswer): median %.1f ms, p95 %.1f ms (target < 20 ms)%n",
                ms(median(answerNanos)), ms(p95(answerNanos)));
    }

    private static void heapAfterIngest(int n) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        OllamaDouble ollama = OllamaDouble.start();
        try {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.getBrokersAsString()))) {
                Topics.ensureCreated(admin, (short) 1);
            }
            long published = System.nanoTime();
            publish(broker.getBrokersAsString(), n);
            System.out.printf("%n== worker heap after ingesting %,d events (published in %.1f s) ==%n", n,
                    (System.nanoTime() - published) / 1e9);
            for (int maxEvents : new int[] {10_000, n}) {
                long before = usedAfterGc();
                long started = System.nanoTime();
                ConfigurableApplicationContext worker = AgentWorkerApplication.builder().run("--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--clusterwise.worker.ollama.base-url=" + ollama.baseUrl(),
                        "--clusterwise.worker.window.max-events=" + maxEvents);
                EventWindow window = worker.getBean(EventWindow.class);
                while (!window.caughtUp()) {
                    Thread.sleep(200);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long after = usedAfterGc();
                System.out.printf("window.max-events=%,d: read in %.1f s, holds %,d events; heap used after GC: "
                                + "%d MB for the whole process, %d MB added by the worker (target < 512 MB)%n",
                        maxEvents, seconds, window.size(), after >> 20, (after - before) >> 20);
                worker.close();
            }
        } finally {
            ollama.stop();
            broker.destroy();
        }
    }

    private static void publish(String bootstrap, int n) throws Exception {
        BenchEvents events = new BenchEvents(Instant.now().minus(Duration.ofMinutes(50)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ClusterEvent e = events.event(i);
                pending.add(producer.send(new ProducerRecord<>(Topic.CLUSTER_EVENTS.topicName(),
                        e.involvedObject().uid(), WireJson.write(Envelope.of("bench", e.involvedObject().path(), e)))));
                if (pending.size() == 10_000) {
                    for (java.util.concurrent.Future<?> f : pending) {
                        f.get();
                    }
                    pending.clear();
                }
            }
            producer.flush();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long p95(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.95) - 1];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
