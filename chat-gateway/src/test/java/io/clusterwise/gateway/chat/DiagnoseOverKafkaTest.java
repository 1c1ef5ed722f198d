package io.clusterwise.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.DiagnoseReply;
import io.clusterwise.contracts.DiagnoseRequest;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.IncidentReport;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Severity;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.gateway.testing.KafkaWorkerDouble;
import io.clusterwise.gateway.testing.RunningGateway;
import io.clusterwise.gateway.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/diagnose} and {@code GET /api/namespaces} over a real KRaft broker and real HTTP, with the test
 * playing the worker. Two gateways (reply partitions 2 and 3), as in the local stack: each gets only its own replies.
 */
class DiagnoseOverKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String ATTACK = "<img src=x onerror=alert(1)>";

    static EmbeddedKafkaKraftBroker broker;
    static KafkaWorkerDouble worker;
    static RunningGateway gateway;
    static RunningGateway neighbour;

    @BeforeAll
    static void startKafkaAndTwoGateways() {
        broker = TestKafka.startBroker();
        TestKafka.createTopics(broker.getBrokersAsString());
        worker = new KafkaWorkerDouble(broker.getBrokersAsString());
        gateway = RunningGateway.start(broker.getBrokersAsString(),
                "--clusterwise.gateway.reply-partition=2",
                "--clusterwise.gateway.diagnose-timeout=PT3S",
                // every test asks from the same address; the limit on diagnoses is ApiAccessTest's
                "--clusterwise.gateway.rate-limit.requests-per-minute=0");
        neighbour = RunningGateway.start(broker.getBrokersAsString(),
                "--clusterwise.gateway.reply-partition=3",
                "--clusterwise.gateway.diagnose-timeout=PT3S",
                "--clusterwise.gateway.rate-limit.requests-per-minute=0");
        gateway.awaitReady(WAIT);
        neighbour.awaitReady(WAIT);
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable c : new AutoCloseable[]{neighbour, gateway, worker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void shouldReturnNamespaceIncidentsWhenWorkerAnswersDiagnose() {
        CompletableFuture<HttpResponse<String>> response = gateway.getAsync("/api/diagnose?namespace=demo");

        ConsumerRecord<String, Envelope<Payload>> record = worker.awaitDiagnoseRequest("demo", WAIT);
        DiagnoseRequest request = (DiagnoseRequest) record.value().data();
        assertThat(record.key()).isEqualTo("demo");
        assertThat(record.value().subject()).isEqualTo("demo");
        assertThat(record.value().source()).isEqualTo("local");
        assertThat(ReplyHeaders.string(record.headers(), ReplyHeaders.CORRELATION_ID)).contains(request.requestId());
        assertThat(ReplyHeaders.string(record.headers(), ReplyHeaders.REPLY_TOPIC)).contains("agent.replies");
        assertThat(ReplyHeaders.partition(record.headers())).contains(2);

        IncidentReport crashLoop = incident("demo", "greeter", ATTACK + " greeter keeps crashing",
                List.of(new IncidentReport.Line("Pod/demo/greeter-7d9f", "ContainerLog",
                        "panic: cannot reach db\n" + ATTACK + "\n\tat main.go:12", NOW.minusSeconds(30))));
        IncidentReport pending = new IncidentReport("pending", Severity.WARNING, "demo", "Pod", "batch-1",
                "Unschedulable", 1, NOW.minusSeconds(120), NOW.minusSeconds(120), "batch-1 cannot be scheduled",
                List.of(), null, 1, List.of());
        worker.answerDiagnose(record, new DiagnoseReply(request.requestId(), "demo", true, List.of("default", "demo"),
                List.of(crashLoop, pending), NOW));

        HttpResponse<String> answered = join(response);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(answered.body());
        assertThat(body.get("namespace").asText()).isEqualTo("demo");
        assertThat(Instant.parse(body.get("asOf").asText())).isEqualTo(NOW);
        assertThat(body.get("incidents")).hasSize(2);
        assertThat(WireJson.mapper().convertValue(body.get("incidents").get(0), IncidentReport.class))
                .isEqualTo(crashLoop);
        // the diagnose --json shape: every field, also the empty ones
        assertThat(body.get("incidents").get(1).has("fingerprint")).isTrue();
        assertThat(body.get("incidents").get(1).get("fingerprint").isNull()).isTrue();
        assertThat(body.get("incidents").get(0).get("summary").asText()).isEqualTo(crashLoop.summary());
    }

    @Test
    void shouldDiagnoseTheWholeClusterWhenNoNamespaceIsGiven() {
        CompletableFuture<HttpResponse<String>> response = gateway.getAsync("/api/diagnose");

        ConsumerRecord<String, Envelope<Payload>> record = worker.awaitDiagnoseRequest(null, WAIT);
        assertThat(record.key()).isEqualTo("*");
        DiagnoseRequest request = (DiagnoseRequest) record.value().data();
        IncidentReport elsewhere = incident("shop", "checkout", "checkout keeps crashing", List.of());
        worker.answerDiagnose(record, new DiagnoseReply(request.requestId(), null, true, List.of("demo", "shop"),
                List.of(elsewhere), NOW));

        HttpResponse<String> answered = join(response);
        assertThat(answered.statusCode()).isEqualTo(200);
        JsonNode body = json(answered.body());
        assertThat(body.has("namespace")).isTrue();
        assertThat(body.get("namespace").isNull()).isTrue();
        assertThat(body.get("incidents").get(0).get("namespace").asText()).isEqualTo("shop");
    }

    @Test
    void shouldAnswer404ProblemWhenNamespaceIsUnknown() {
        CompletableFuture<HttpResponse<String>> response = gateway.getAsync("/api/diagnose?namespace=ghost");

        ConsumerRecord<String, Envelope<Payload>> record = worker.awaitDiagnoseRequest("ghost", WAIT);
        worker.answerDiagnose(record, new DiagnoseReply(((DiagnoseRequest) record.value().data()).requestId(),
                "ghost", false, List.of("default", "demo"), List.of(), NOW));

        HttpResponse<String> answered = join(response);
        assertThat(answered.statusCode()).isEqualTo(404);
        assertThat(answered.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json(answered.body());
        assertThat(problem.get("title").asText()).isEqualTo("Unknown namespace");
        assertThat(problem.get("detail").asText()).isEqualTo("namespace 'ghost' is not in the cluster as the"
                + " agent-worker sees it (2 namespaces known); GET /api/namespaces lists them");
    }

    @Test
    void shouldAnswer400ProblemWhenNamespaceIsInvalid() {
        PendingDiagnoses pending = pending(gateway);
        long ended = totalEnded(pending);
        for (String invalid : new String[]{"Not_A_Namespace", "-demo", "a".repeat(64), "demo%0Aevil"}) {
            HttpResponse<String> refused = gateway.get("/api/diagnose?namespace=" + invalid);
            assertThat(refused.statusCode()).as(invalid).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonNode problem = json(refused.body());
            assertThat(problem.get("title").asText()).isEqualTo("Invalid namespace");
            assertThat(problem.get("detail").asText()).as(invalid)
                    .contains("is not a valid Kubernetes namespace name")
                    .contains("leave namespace out to diagnose the whole cluster");
        }
        assertThat(json(gateway.get("/api/diagnose?namespace=Not_A_Namespace").body()).get("detail").asText())
                .startsWith("namespace 'Not_A_Namespace' is not a valid");
        // refused before anything was registered or sent
        assertThat(pending.size()).isZero();
        assertThat(totalEnded(pending)).isEqualTo(ended);
    }

    @Test
    void shouldAnswer504ProblemWhenNoWorkerAnswersInTime() {
        PendingDiagnoses pending = pending(gateway);
        long timedOut = pending.count(PendingDiagnosis.Outcome.TIMED_OUT);
        CompletableFuture<HttpResponse<String>> response = gateway.getAsync("/api/diagnose?namespace=quiet");
        ConsumerRecord<String, Envelope<Payload>> record = worker.awaitDiagnoseRequest("quiet", WAIT);

        HttpResponse<String> answered = join(response);
        assertThat(answered.statusCode()).isEqualTo(504);
        assertThat(answered.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json(answered.body());
        assertThat(problem.get("title").asText()).isEqualTo("No answer");
        assertThat(problem.get("detail").asText()).startsWith(
                "no agent-worker answered within 3 s (clusterwise.gateway.diagnose-timeout)");
        assertThat(pending.count(PendingDiagnosis.Outcome.TIMED_OUT)).isEqualTo(timedOut + 1);
        assertThat(pending.size()).isZero();

        // an answer that comes too late finds nobody waiting: ignored, and counted
        long unmatched = pending.unmatchedReplies();
        worker.answerDiagnose(record, new DiagnoseReply(((DiagnoseRequest) record.value().data()).requestId(),
                "quiet", true, List.of("quiet"), List.of(), NOW));
        await().atMost(WAIT).until(() -> pending.unmatchedReplies() > unmatched);
    }

    @Test
    void shouldListNamespacesWhenAsked() {
        CompletableFuture<HttpResponse<String>> response = gateway.getAsync("/api/namespaces");

        ConsumerRecord<String, Envelope<Payload>> record = worker.awaitDiagnoseRequest(null, WAIT);
        assertThat(record.key()).isEqualTo("*");
        worker.answerDiagnose(record, new DiagnoseReply(((DiagnoseRequest) record.value().data()).requestId(), null,
                true, List.of("default", "demo", "kube-system"), List.of(incident("demo", "x", "y", List.of())), NOW));

        HttpResponse<String> answered = join(response);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).isEqualTo("{\"namespaces\":[\"default\",\"demo\",\"kube-system\"]}");
    }

    @Test
    void shouldDeliverADiagnoseReplyOnlyToTheAskingInstanceWhenTwoGatewaysRun() {
        PendingDiagnoses mine = pending(gateway);
        PendingDiagnoses theirs = pending(neighbour);
        CompletableFuture<HttpResponse<String>> response = gateway.getAsync("/api/diagnose?namespace=shared");
        ConsumerRecord<String, Envelope<Payload>> record = worker.awaitDiagnoseRequest("shared", WAIT);
        String requestId = ((DiagnoseRequest) record.value().data()).requestId();
        long mineUnmatched = mine.unmatchedReplies();
        long theirsUnmatched = theirs.unmatchedReplies();

        // sent to the neighbour's partition: it reads it, and finds nobody waiting
        worker.replyDiagnose(3, requestId, new DiagnoseReply(requestId, "shared", true, List.of("shared"),
                List.of(incident("shared", "wrong", "sent to the wrong instance", List.of())), NOW));
        await().atMost(WAIT).until(() -> theirs.unmatchedReplies() > theirsUnmatched);
        long theirsReceived = theirs.receivedReplies();

        worker.answerDiagnose(record, new DiagnoseReply(requestId, "shared", true, List.of("shared"),
                List.of(incident("shared", "right", "sent to the right instance", List.of())), NOW));
        HttpResponse<String> answered = join(response);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).contains("sent to the right instance").doesNotContain("wrong instance");
        assertThat(mine.unmatchedReplies()).isEqualTo(mineUnmatched);
        // no broadcast: the neighbour read nothing of this instance's reply
        assertThat(theirs.receivedReplies()).isEqualTo(theirsReceived);
        assertThat(theirs.unmatchedReplies()).isEqualTo(theirsUnmatched + 1);
    }

    @Test
    void shouldCountDiagnoseRequestsInMetricsWhenTheyEnd() {
        CompletableFuture<HttpResponse<String>> response = gateway.getAsync("/api/diagnose?namespace=counted");
        ConsumerRecord<String, Envelope<Payload>> record = worker.awaitDiagnoseRequest("counted", WAIT);
        worker.answerDiagnose(record, new DiagnoseReply(((DiagnoseRequest) record.value().data()).requestId(),
                "counted", true, List.of("counted"), List.of(), NOW));
        assertThat(join(response).statusCode()).isEqualTo(200);

        await().atMost(WAIT).untilAsserted(() -> assertThat(gateway.get("/actuator/prometheus").body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\""
                        + "[^}]*uri=\"/api/diagnose\"")
                .contains("clusterwise_gateway_diagnoses_pending")
                .containsPattern("clusterwise_gateway_diagnoses_total\\{outcome=\"answered\"} [1-9]")
                .containsPattern("clusterwise_gateway_diagnose_duration_seconds_count\\{outcome=\"answered\"} [1-9]")
                .containsPattern("clusterwise_gateway_replies_received_total [1-9]"));
    }

    private static IncidentReport incident(String namespace, String name, String summary,
                                           List<IncidentReport.Line> evidence) {
        return new IncidentReport("crash-loop", Severity.CRITICAL, namespace, "Deployment", name, "CrashLoopBackOff",
                12, NOW.minusSeconds(600), NOW.minusSeconds(30), summary, evidence,
                "CrashLoopBackOff:Deployment/" + namespace + "/" + name + ":3f9a1c", 1,
                List.of("Pod/" + namespace + "/" + name + "-7d9f"));
    }

    private static PendingDiagnoses pending(RunningGateway instance) {
        return instance.context().getBean(PendingDiagnoses.class);
    }

    private static long totalEnded(PendingDiagnoses pending) {
        long total = 0;
        for (PendingDiagnosis.Outcome outcome : PendingDiagnosis.Outcome.values()) {
            total += pending.count(outcome);
        }
        return total;
    }

    private static HttpResponse<String> join(CompletableFuture<HttpResponse<String>> response) {
        try {
            return response.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no HTTP response within " + WAIT + ": " + e, e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return WireJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
