package io.clusterwise.ingest.logs;

import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.PayloadType;
import io.clusterwise.contracts.Topic;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestStack;
import io.clusterwise.ingest.Samples;
import io.clusterwise.ingest.TopicRecords;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Container log evidence end to end: crash-looping pods on fabric8's mock API server (CRUD, with the log endpoint
 * served by expectations and every log request recorded), the ingest started as it runs, and {@code cluster.logs} on a
 * real KRaft broker. Each test is its own cluster (envelope source) and namespace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContainerLogIntegrationTests {

    @RegisterExtension
    static final IngestStack stack = new IngestStack();

    @Test
    void shouldPublishPreviousLogOnceWhenContainerCrashLoops() {
        String ns = "crashloop";
        stack.apiServer().expect().get().withPath(logPath(ns, "api-0", 50, 16_384))
                .andReturn(200, "starting api\nconnecting to db.crashloop.svc:5432\npanic: connection refused\n").once();
        ConfigurableApplicationContext ingest = startIngest(ns, "--clusterwise.ingest.logs.per-pod-interval=PT1S");
        Pod pod = stack.kube().pods().inNamespace(ns).resource(crashLooping(ns, "api-0", 1)).create();
        String uid = pod.getMetadata().getUid();

        TopicRecords.Received first = awaitLog(ns, uid, 1);
        assertThat(first.key()).isEqualTo(uid);
        assertThat(first.envelope().type()).isEqualTo(PayloadType.CONTAINER_LOG.tag());
        assertThat(first.envelope().subject()).isEqualTo("Pod/crashloop/api-0");
        assertThat(first.envelope().time()).isEqualTo(first.log().readAt());
        ContainerLog log = first.log();
        assertThat(log.pod()).isEqualTo(new ObjectRef("Pod", ns, "api-0", uid));
        assertThat(log.container()).isEqualTo("greeter");
        assertThat(log.reason()).isEqualTo("Error");
        assertThat(log.exitCode()).isEqualTo(1);
        assertThat(log.lines()).containsExactly("starting api", "connecting to db.crashloop.svc:5432",
                "panic: connection refused");
        assertThat(log.truncated()).isFalse();

        // the next restart: its log is read once more
        stack.apiServer().expect().get().withPath(logPath(ns, "api-0", 50, 16_384))
                .andReturn(200, "starting api\npanic: connection refused again\n").once();
        restart(ns, "api-0", 2);
        assertThat(awaitLog(ns, uid, 2).log().lines()).containsExactly("starting api", "panic: connection refused again");

        // a status update without a new restart reads nothing
        Pod updated = stack.kube().pods().inNamespace(ns).withName("api-0").edit(p -> new PodBuilder(p)
                .editMetadata().addToLabels("seen", "twice").endMetadata().build());
        stack.records().await(r -> r.topic() == Topic.CLUSTER_STATE && uid.equals(r.key()) && !r.tombstone()
                && updated.getMetadata().getResourceVersion().equals(r.snapshot().resourceVersion()));
        await().during(Duration.ofSeconds(2)).atMost(TopicRecords.WAIT)
                .until(() -> stack.logRequests(ns).size() == 2 && stack.records().logs(ns).size() == 2);
        assertThat(stack.logRequests(ns)).extracting(IngestStack.LogRequest::path)
                .containsOnly(logPath(ns, "api-0", 50, 16_384));
        await().atMost(TopicRecords.WAIT).untilAsserted(() -> assertThat(IngestStack.httpGet(ingest, "/actuator/prometheus"))
                .containsPattern("clusterwise_ingest_logs_reads_total\\{[^}]*outcome=\"read\"[^}]*} 2\\.0")
                .containsPattern("clusterwise_ingest_events_published_total\\{[^}]*origin=\"LOG\",topic=\"cluster.logs\"[^}]*} 2\\.0"));
        ingest.close();
    }

    @Test
    void shouldNotReadARestartAgainWhenIngestRestartsAgainstTheSameBroker() {
        String ns = "restarted";
        stack.apiServer().expect().get().withPath(logPath(ns, "web-0", 50, 16_384))
                .andReturn(200, "panic: out of cheese\n").always();
        Pod pod = stack.kube().pods().inNamespace(ns).resource(crashLooping(ns, "web-0", 5)).create();
        ConfigurableApplicationContext first = startIngest(ns);
        awaitLog(ns, pod.getMetadata().getUid(), 5);
        first.close();

        ConfigurableApplicationContext second = startIngest(ns);
        MeterRegistry meters = second.getBean(MeterRegistry.class);
        // the second ingest has seen the pod (an unchanged snapshot, not published again) …
        await().atMost(TopicRecords.WAIT).until(() -> meters.find(IngestMetrics.DEDUPLICATED)
                .tag("topic", Topic.CLUSTER_STATE.topicName()).counters().stream().mapToDouble(Counter::count).sum() >= 1);
        // … and knew from cluster.logs that this restart's log was published
        await().during(Duration.ofSeconds(2)).atMost(TopicRecords.WAIT)
                .until(() -> stack.logRequests(ns).size() == 1 && stack.records().logs(ns).size() == 1);
        second.close();
    }

    @Test
    void shouldRateLimitLogReadsWhenFiftyPodsCrashLoop() {
        String ns = "storm";
        int pods = 50;
        double rate = 5;
        int burst = 5;
        List<String> names = IntStream.range(0, pods).mapToObj(i -> "worker-" + i).toList();
        for (String name : names) {
            stack.apiServer().expect().get().withPath(logPath(ns, name, 50, 16_384))
                    .andReturn(200, "worker " + name + " starting\nfatal: queue unreachable\n").always();
            stack.kube().pods().inNamespace(ns).resource(crashLooping(ns, name, 3)).create();
        }

        ConfigurableApplicationContext ingest = startIngest(ns, "--clusterwise.ingest.logs.reads-per-second=" + rate,
                "--clusterwise.ingest.logs.burst=" + burst);

        // none lost: every pod's log is published, once
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(stack.records().logs(ns))
                .extracting(r -> r.log().pod().name()).containsExactlyInAnyOrderElementsOf(names));
        List<IngestStack.LogRequest> requests = stack.logRequests(ns);
        assertThat(requests).hasSize(pods);
        // within the token bucket's bound over every span the API server observed: the reads are made one after the
        // other, so a read's token is taken before the API server sees it and after it saw the one before (hence +1)
        for (int i = 0; i < requests.size(); i++) {
            for (int j = i; j < requests.size(); j++) {
                double seconds = (requests.get(j).receivedAt() - requests.get(i).receivedAt()) / 1e9;
                assertThat(j - i + 1).as("requests %d..%d within %.3f s", i, j, seconds)
                        .isLessThanOrEqualTo((int) Math.floor(burst + 1 + rate * seconds));
            }
        }
        assertThat(reads(ingest, "deferred")).as("reads that waited for the budget").isPositive();
        assertThat(reads(ingest, "dropped")).isZero();
        ingest.close();
    }

    @Test
    void shouldRedactSecretsWhenTheyAppearInLogLines() {
        String ns = "leaky";
        List<String> secrets = List.of("sk-live-4f9a8b7c6d5e4f3a2b1c", "hunter2-prod-secret", "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFreSJ9.hPmbfnFzM2Yq4mDkbZ4sNQeLwdRjQx8o6tVl3Uc2Nn0",
                "MIIEpAIBAAKCAQEA7bq9mXhQ3Yp2Lk4vRt8sWq1nZx0eFc6Gu5HjKl3MnOpQrStU",
                "vWxYz0123456789abcdefGHIJKLmnopQRSTuvwxYZ+/ABCDEFghijklMNOPqrst");
        String log = """
                2026-11-20T09:04:50Z INFO starting leaky
                2026-11-20T09:04:50Z DEBUG calling billing with Authorization: Bearer sk-live-4f9a8b7c6d5e4f3a2b1c
                2026-11-20T09:04:50Z DEBUG dsn host=db user=app password=hunter2-prod-secret sslmode=require
                2026-11-20T09:04:50Z DEBUG s3 client AKIAIOSFODNN7EXAMPLE aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                2026-11-20T09:04:50Z WARN session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFreSJ9.hPmbfnFzM2Yq4mDkbZ4sNQeLwdRjQx8o6tVl3Uc2Nn0 expired
                2026-11-20T09:04:51Z ERROR cannot parse TLS key:
                -----BEGIN RSA PRIVATE KEY-----
                MIIEpAIBAAKCAQEA7bq9mXhQ3Yp2Lk4vRt8sWq1nZx0eFc6Gu5HjKl3MnOpQrStU
                vWxYz0123456789abcdefGHIJKLmnopQRSTuvwxYZ+/ABCDEFghijklMNOPqrst
                -----END RSA PRIVATE KEY-----
                2026-11-20T09:04:51Z FATAL exiting with code 1
                """;
        stack.apiServer().expect().get().withPath(logPath(ns, "leaky-0", 50, 16_384)).andReturn(200, log).once();
        ConfigurableApplicationContext ingest = startIngest(ns);
        String uid = stack.kube().pods().inNamespace(ns).resource(crashLooping(ns, "leaky-0", 1)).create()
                .getMetadata().getUid();

        TopicRecords.Received published = awaitLog(ns, uid, 1);

        assertThat(secrets).allSatisfy(secret -> assertThat(published.json()).doesNotContain(secret));
        assertThat(published.log().lines()).containsExactly(
                "2026-11-20T09:04:50Z INFO starting leaky",
                "2026-11-20T09:04:50Z DEBUG calling billing with Authorization: Bearer ***",
                "2026-11-20T09:04:50Z DEBUG dsn host=db user=app password=*** sslmode=require",
                "2026-11-20T09:04:50Z DEBUG s3 client AKIA*** aws_secret_access_key=***",
                "2026-11-20T09:04:50Z WARN session *** expired",
                "2026-11-20T09:04:51Z ERROR cannot parse TLS key:",
                "-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----",
                "2026-11-20T09:04:51Z FATAL exiting with code 1");
        ingest.close();
    }

    @Test
    void shouldCountAndPublishNothingWhenLogEndpointAnswers404Or403ThenReadTheNextRestart(CapturedOutput output) {
        String ns = "denied";
        stack.apiServer().expect().get().withPath(logPath(ns, "forbidden-0", 50, 16_384))
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"pods "
                        + "\\\"forbidden-0\\\" is forbidden: User \\\"system:serviceaccount:clusterwise:ingest\\\" cannot get "
                        + "resource \\\"pods/log\\\" in API group \\\"\\\" in the namespace \\\"denied\\\"\",\"reason\":"
                        + "\"Forbidden\",\"code\":403}").once();
        // no expectation for gone-0: the API server answers 404 (the previous container is gone)
        ConfigurableApplicationContext ingest = startIngest(ns, "--clusterwise.ingest.logs.per-pod-interval=PT1S");
        String forbiddenUid = stack.kube().pods().inNamespace(ns).resource(crashLooping(ns, "forbidden-0", 1)).create()
                .getMetadata().getUid();
        stack.kube().pods().inNamespace(ns).resource(crashLooping(ns, "gone-0", 1)).create();

        await().atMost(TopicRecords.WAIT).until(() -> reads(ingest, "forbidden") == 1 && reads(ingest, "not-found") == 1);
        assertThat(stack.records().logs(ns)).isEmpty();
        assertThat(output.getOut()).contains("cannot read the log of container greeter of pod denied/forbidden-0 "
                + "(restart 1): the API server forbids it (HTTP 403")
                .contains("needs the verb \"get\" on the resource \"pods/log\"");

        // the next restart still works
        stack.apiServer().expect().get().withPath(logPath(ns, "forbidden-0", 50, 16_384))
                .andReturn(200, "allowed now\n").once();
        restart(ns, "forbidden-0", 2);
        assertThat(awaitLog(ns, forbiddenUid, 2).log().lines()).containsExactly("allowed now");
        assertThat(stack.records().logs(ns)).hasSize(1);
        assertThat(reads(ingest, "failed")).isZero();
        ingest.close();
    }

    /** The API applies limitBytes after tailLines: a long tail comes back without its last lines, the ones that matter. */
    @Test
    void shouldAskAgainForTheLastLinesWhenTheByteLimitCutThemOff() {
        String ns = "verbose";
        List<String> tail = IntStream.rangeClosed(1, 50).mapToObj(i -> "%02d %s".formatted(i, "x".repeat(37))).toList();
        String cut = String.join("\n", tail).substring(0, 256); // 6 whole lines (41 bytes each) and part of the 7th
        stack.apiServer().expect().get().withPath(logPath(ns, "verbose-0", 50, 256)).andReturn(200, cut).once();
        stack.apiServer().expect().get().withPath(logPath(ns, "verbose-0", 6, 256))
                .andReturn(200, String.join("\n", tail.subList(44, 50)) + "\n").once();
        ConfigurableApplicationContext ingest = startIngest(ns, "--clusterwise.ingest.logs.limit-bytes=256");
        String uid = stack.kube().pods().inNamespace(ns).resource(crashLooping(ns, "verbose-0", 1)).create()
                .getMetadata().getUid();

        ContainerLog log = awaitLog(ns, uid, 1).log();

        assertThat(log.lines()).containsExactlyElementsOf(tail.subList(44, 50));
        assertThat(log.truncated()).isTrue();
        assertThat(stack.logRequests(ns)).hasSize(2);
        assertThat(reads(ingest, "reread")).isEqualTo(1);
        ingest.close();
    }

    @Test
    void shouldReadNoLogsWhenContainerLogsAreDisabled() {
        String ns = "quiet";
        stack.kube().pods().inNamespace(ns).resource(crashLooping(ns, "quiet-0", 1)).create();
        ConfigurableApplicationContext ingest = startIngest(ns, "--clusterwise.ingest.logs.enabled=false");

        stack.records().await(r -> r.topic() == Topic.CLUSTER_EVENTS && ns.equals(r.source()));
        assertThat(ingest.getBeanProvider(ContainerLogs.class).getIfAvailable()).isNull();
        assertThat(stack.logRequests(ns)).isEmpty();
        ingest.close();
    }

    private static ConfigurableApplicationContext startIngest(String ns, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--clusterwise.ingest.namespaces=" + ns;
        all[1] = "--clusterwise.ingest.kinds=pods";
        System.arraycopy(args, 0, all, 2, args.length);
        return stack.startIngest(ns, all);
    }

    /** What the ingest asks the API server for: the previous run's last lines, within both limits. */
    private static String logPath(String ns, String pod, int tailLines, int limitBytes) {
        return "/api/v1/namespaces/" + ns + "/pods/" + pod + "/log?container=greeter&previous=true&tailLines="
                + tailLines + "&limitBytes=" + limitBytes;
    }

    private static TopicRecords.Received awaitLog(String ns, String podUid, int restartCount) {
        return stack.records().await(r -> r.topic() == Topic.CLUSTER_LOGS && ns.equals(r.source())
                && podUid.equals(r.key()) && r.log().restartCount() == restartCount);
    }

    private static double reads(ConfigurableApplicationContext ingest, String outcome) {
        Counter counter = ingest.getBean(MeterRegistry.class).find(IngestMetrics.LOG_READS).tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** The greeter pod, its container waiting in CrashLoopBackOff after its run {@code restarts} exited 1. */
    private static Pod crashLooping(String ns, String name, int restarts) {
        Pod greeter = Samples.greeterPod();
        return new PodBuilder(greeter).editMetadata().withNamespace(ns).withName(name).withUid(null).endMetadata()
                .editStatus().withContainerStatuses(crashedStatus(greeter, restarts)).endStatus().build();
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus crashedStatus(Pod pod, int restarts) {
        return new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().get(0))
                .withRestartCount(restarts)
                .editLastState().editTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt("2026-11-20T09:%02d:00Z".formatted(restarts)).endTerminated().endLastState()
                .build();
    }

    private static void restart(String ns, String name, int restarts) {
        stack.kube().pods().inNamespace(ns).withName(name).edit(p -> new PodBuilder(p).editStatus()
                .withContainerStatuses(crashedStatus(p, restarts)).endStatus().build());
    }
}
