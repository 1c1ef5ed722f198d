package io.clusterwise.gateway.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Severity;
import io.clusterwise.contracts.Suppression;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.gateway.testing.KafkaWorkerDouble;
import io.clusterwise.gateway.testing.RunningGateway;
import io.clusterwise.gateway.testing.SseClient;
import io.clusterwise.gateway.testing.SseClient.SseEvent;
import io.clusterwise.gateway.testing.SseClient.SseStream;
import io.clusterwise.gateway.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole gateway against a real KRaft broker, over real HTTP, with the test playing the worker. Two gateways run
 * in this JVM (reply partitions 2 and 3), as in the local stack.
 */
class ChatOverKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String STALE_FINGERPRINT = "fp-stale-25h";
    private static final String RECENT_FINGERPRINT = "fp-recent-1h";

    static EmbeddedKafkaKraftBroker broker;
    static KafkaWorkerDouble worker;
    static RunningGateway gateway;
    static RunningGateway neighbour;

    @BeforeAll
    static void startKafkaAndTwoGateways() {
        broker = TestKafka.startBroker();
        TestKafka.createTopics(broker.getBrokersAsString());
        worker = new KafkaWorkerDouble(broker.getBrokersAsString());
        // already on agent.insights when the gateways start: one beyond the 24 h lookback, one within it
        worker.publishInsight(0, NOW.minus(Duration.ofHours(25)), insight(STALE_FINGERPRINT, NOW.minus(Duration.ofHours(25))));
        worker.publishInsight(0, NOW.minus(Duration.ofHours(1)), insight(RECENT_FINGERPRINT, NOW.minus(Duration.ofHours(1))));
        gateway = RunningGateway.start(broker.getBrokersAsString(),
                "--clusterwise.gateway.reply-partition=2",
                "--clusterwise.gateway.answer-timeout=PT3S",
                "--clusterwise.gateway.heartbeat-interval=PT0.2S",
                "--clusterwise.gateway.rate-limit.requests-per-minute=0");
        neighbour = RunningGateway.start(broker.getBrokersAsString(),
                "--clusterwise.gateway.reply-partition=3",
                "--clusterwise.gateway.answer-timeout=PT3S",
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
    void shouldStreamMetaChunksAndCompleteInOrderWhenTheWorkerRepliesOnThisInstancesPartition() {
        try (SseStream stream = ask("{\"question\": \"why does web-1 keep restarting? ✓\"}")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            SseEvent meta = stream.next(WAIT);
            assertThat(meta.name()).isEqualTo("meta");
            String questionId = json(meta.data()).get("questionId").asText();
            String conversationId = json(meta.data()).get("conversationId").asText();

            ConsumerRecord<String, Envelope<Payload>> question = worker.awaitQuestion(questionId, WAIT);
            assertThat(question.key()).isEqualTo(conversationId);
            assertThat(ReplyHeaders.string(question.headers(), ReplyHeaders.CORRELATION_ID)).contains(questionId);
            assertThat(ReplyHeaders.string(question.headers(), ReplyHeaders.REPLY_TOPIC)).contains("agent.replies");
            assertThat(ReplyHeaders.partition(question.headers())).contains(2);
            assertThat(question.value().source()).isEqualTo("local");
            assertThat(question.value().subject()).isEqualTo(conversationId);
            ChatQuestion asked = (ChatQuestion) question.value().data();
            assertThat(asked.questionId()).isEqualTo(questionId);
            assertThat(asked.conversationId()).isEqualTo(conversationId);
            assertThat(asked.question()).isEqualTo("why does web-1 keep restarting? ✓");

            ChatReply.Complete complete = complete(questionId, conversationId, "web-1 is out of memory ✓ [E1]");
            worker.reply(2, questionId, new ChatReply.Chunk(questionId, conversationId, 0, "web-1 is "));
            worker.reply(2, questionId, new ChatReply.Chunk(questionId, conversationId, 1, "out of memory ✓"));
            worker.reply(2, questionId, complete);

            List<SseEvent> rest = stream.untilEnd(WAIT);
            assertThat(rest).extracting(SseEvent::name).containsExactly("chunk", "chunk", "complete");
            assertThat(rest.get(0).data()).isEqualTo("{\"seq\":0,\"text\":\"web-1 is \"}");
            assertThat(rest.get(1).data()).isEqualTo("{\"seq\":1,\"text\":\"out of memory ✓\"}");
            assertThat(WireJson.readValue(rest.get(2).data().getBytes(StandardCharsets.UTF_8),
                    ChatReply.Complete.class)).isEqualTo(complete);
        }
        assertThat(pending(gateway).size()).isZero();
    }

    @Test
    void shouldSendTheEarlierTurnsWithAFollowUpWhenTheClientContinuesItsConversation() {
        String conversationId;
        try (SseStream first = ask("{\"question\": \"why is web-1 restarting?\"}")) {
            JsonNode meta = json(first.next(WAIT).data());
            assertThat(meta.get("historyTurns").asInt()).isZero();
            String questionId = meta.get("questionId").asText();
            conversationId = meta.get("conversationId").asText();
            worker.awaitQuestion(questionId, WAIT);
            worker.reply(2, questionId, complete(questionId, conversationId, "web-1 is out of memory [E1]"));
            assertThat(first.untilEnd(WAIT)).extracting(SseEvent::name).containsExactly("complete");
        }
        try (SseStream followUp = ask("{\"question\": \"how do I fix it?\", \"conversationId\": \""
                + conversationId + "\"}")) {
            JsonNode meta = json(followUp.next(WAIT).data());
            assertThat(meta.get("conversationId").asText()).isEqualTo(conversationId);
            assertThat(meta.get("historyTurns").asInt()).isEqualTo(2);
            String questionId = meta.get("questionId").asText();
            ConsumerRecord<String, Envelope<Payload>> record = worker.awaitQuestion(questionId, WAIT);
            assertThat(record.key()).isEqualTo(conversationId);
            ChatQuestion asked = (ChatQuestion) record.value().data();
            assertThat(asked.question()).isEqualTo("how do I fix it?");
            assertThat(asked.history()).containsExactly(
                    new ChatQuestion.Turn(ChatQuestion.Role.USER, "why is web-1 restarting?"),
                    new ChatQuestion.Turn(ChatQuestion.Role.ASSISTANT, "web-1 is out of memory [E1]"));
            worker.reply(2, questionId, complete(questionId, conversationId, "raise the memory limit"));
            assertThat(followUp.untilEnd(WAIT)).extracting(SseEvent::name).containsExactly("complete");
        }
        // the conversation lives on the instance that started it: another replica refuses it, saying why
        HttpResponse<String> elsewhere = neighbour.postJson("/api/chat",
                "{\"question\": \"and now?\", \"conversationId\": \"" + conversationId + "\"}");
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(elsewhere.body()).get("title").asText()).isEqualTo("Unknown conversation");
    }

    @Test
    void shouldNeverDeliverAReplyToThisInstanceWhenItIsSentToAnotherPartition() {
        PendingAnswers mine = pending(gateway);
        PendingAnswers theirs = pending(neighbour);
        try (SseStream stream = ask("{\"question\": \"is the database up?\"}")) {
            SseEvent meta = stream.next(WAIT);
            String questionId = json(meta.data()).get("questionId").asText();
            String conversationId = json(meta.data()).get("conversationId").asText();
            worker.awaitQuestion(questionId, WAIT);
            long mineUnmatched = mine.unmatchedReplies();
            long theirsUnmatched = theirs.unmatchedReplies();
            long theirsReceived = theirs.receivedReplies();

            worker.reply(3, questionId, complete(questionId, conversationId, "sent to the wrong instance"));
            // the neighbour reads partition 3: it gets the reply and finds nobody waiting for it
            await().atMost(WAIT).until(() -> theirs.unmatchedReplies() > theirsUnmatched);

            long theirsReceivedBefore = theirs.receivedReplies();
            assertThat(theirsReceivedBefore).isEqualTo(theirsReceived + 1);

            worker.reply(2, questionId, new ChatReply.Chunk(questionId, conversationId, 0, "sent to the right "));
            worker.reply(2, questionId, complete(questionId, conversationId, "sent to the right instance"));
            List<SseEvent> rest = stream.untilEnd(WAIT);
            assertThat(rest).extracting(SseEvent::name).containsExactly("chunk", "complete");
            assertThat(rest.get(1).data()).contains("sent to the right instance")
                    .doesNotContain("wrong instance");
            assertThat(mine.unmatchedReplies()).isEqualTo(mineUnmatched);
            // no broadcast: the neighbour read nothing of this instance's reply (its own partition only)
            assertThat(theirs.receivedReplies()).isEqualTo(theirsReceivedBefore);
            assertThat(theirs.unmatchedReplies()).isEqualTo(theirsUnmatched + 1);
        }
    }

    @Test
    void shouldRestartOnceAndCompleteOnceWhenASecondWorkerAnswersTheSameQuestion() {
        PendingAnswers mine = pending(gateway);
        long duplicatesBefore = mine.duplicateReplies();
        try (SseStream stream = ask("{\"question\": \"why is web-1 restarting?\"}")) {
            JsonNode meta = json(stream.next(WAIT).data());
            String questionId = meta.get("questionId").asText();
            String conversationId = meta.get("conversationId").asText();
            worker.awaitQuestion(questionId, WAIT);
            String first = "worker-a/0a1b2c3d-1";
            String second = "worker-b/4e5f6a7b-1";

            // worker A starts and stops mid-answer; worker B takes the question over and answers it whole
            worker.reply(2, questionId, new ChatReply.Chunk(questionId, conversationId, 0, "web-1 was ", first));
            worker.reply(2, questionId, new ChatReply.Chunk(questionId, conversationId, 0, "web-1 is ", second));
            worker.reply(2, questionId, new ChatReply.Chunk(questionId, conversationId, 1, "stale", first));
            worker.reply(2, questionId, new ChatReply.Chunk(questionId, conversationId, 1, "out of memory", second));
            ChatReply.Complete answer = withAnswerId(complete(questionId, conversationId, "web-1 is out of memory"),
                    second);
            worker.reply(2, questionId, answer);

            List<SseEvent> rest = stream.untilEnd(WAIT);
            assertThat(rest).extracting(SseEvent::name)
                    .containsExactly("chunk", "restart", "chunk", "chunk", "complete");
            assertThat(rest).extracting(SseEvent::data).filteredOn(d -> d.contains("\"seq\""))
                    .containsExactly("{\"seq\":0,\"text\":\"web-1 was \"}", "{\"seq\":0,\"text\":\"web-1 is \"}",
                            "{\"seq\":1,\"text\":\"out of memory\"}");
            assertThat(WireJson.readValue(rest.get(4).data().getBytes(StandardCharsets.UTF_8),
                    ChatReply.Complete.class)).isEqualTo(answer);

            // worker A was not dead after all: its late complete is dropped, and counted with its stale chunk
            worker.reply(2, questionId, withAnswerId(complete(questionId, conversationId, "web-1 was fine"), first));
            await().atMost(WAIT).until(() -> mine.duplicateReplies() == duplicatesBefore + 2);
        }
        assertThat(gateway.get("/actuator/prometheus").body())
                .containsPattern("clusterwise_gateway_replies_duplicate_total [1-9]");
    }

    @Test
    void shouldEndWithATimeoutEventWhenNoReplyArrivesWithinTheAnswerTimeout() {
        PendingAnswers mine = pending(gateway);
        try (SseStream stream = ask("{\"question\": \"anyone there?\"}")) {
            SseEvent meta = stream.next(WAIT);
            String questionId = json(meta.data()).get("questionId").asText();
            String conversationId = json(meta.data()).get("conversationId").asText();
            worker.awaitQuestion(questionId, WAIT);

            long started = System.nanoTime();
            List<SseEvent> rest = stream.untilEnd(Duration.ofSeconds(10));
            assertThat(rest).extracting(SseEvent::name).containsExactly("timeout");
            assertThat(json(rest.get(0).data()).get("message").asText())
                    .isEqualTo("no answer within 3 s; the agent-worker may be down or busy");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            // an answer that comes too late finds nobody waiting: ignored, and counted
            long unmatched = mine.unmatchedReplies();
            worker.reply(2, questionId, complete(questionId, conversationId, "too late"));
            await().atMost(WAIT).until(() -> mine.unmatchedReplies() > unmatched);
        }
        assertThat(pending(gateway).count(PendingAnswer.Outcome.TIMED_OUT)).isPositive();
    }

    @Test
    void shouldForgetThePendingAnswerWhenTheClientDisconnects() {
        PendingAnswers mine = pending(gateway);
        long disconnected = mine.count(PendingAnswer.Outcome.DISCONNECTED);
        SseStream stream = ask("{\"question\": \"never mind\"}");
        assertThat(stream.next(WAIT).name()).isEqualTo("meta");
        assertThat(mine.size()).isEqualTo(1);

        stream.close();

        // the 0.2 s heartbeat finds the closed connection long before the 3 s answer timeout
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(mine.count(PendingAnswer.Outcome.DISCONNECTED)).isEqualTo(disconnected + 1);
            assertThat(mine.size()).isZero();
        });
    }

    @Test
    void shouldEndOpenStreamsPromptlyWhenTheGatewayShutsDown() {
        RunningGateway leaving = RunningGateway.start(broker.getBrokersAsString(),
                "--clusterwise.gateway.reply-partition=4").awaitReady(WAIT);
        try (SseStream chat = SseClient.post(leaving.uri("/api/chat"), "{\"question\": \"still there?\"}");
             SseStream insights = SseClient.get(leaving.uri("/api/insights/stream"))) {
            assertThat(chat.next(WAIT).name()).isEqualTo("meta");
            assertThat(insights.status()).isEqualTo(200);

            long started = System.nanoTime();
            leaving.close();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            List<SseEvent> rest = chat.untilEnd(WAIT);
            assertThat(rest).extracting(SseEvent::name).containsExactly("error");
            assertThat(json(rest.get(0).data()).get("message").asText())
                    .isEqualTo("the gateway is shutting down; please ask again");
            assertThat(insights.untilEnd(WAIT)).isEmpty();
        }
    }

    @Test
    void shouldReportTheReplyConsumerInReadinessAndMetrics() {
        HttpResponse<String> readiness = gateway.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness.body()).at("/components/replyConsumer/status").asText()).isEqualTo("UP");
        assertThat(json(readiness.body()).at("/components/replyConsumer/details/partition").asText())
                .isEqualTo("agent.replies-2");

        // one whole chat first, so the request, stream and correlation meters have something to count
        try (SseStream stream = ask("{\"question\": \"count me\"}")) {
            JsonNode meta = json(stream.next(WAIT).data());
            String questionId = meta.get("questionId").asText();
            worker.awaitQuestion(questionId, WAIT);
            worker.reply(2, questionId, new ChatReply.Chunk(questionId, meta.get("conversationId").asText(), 0, "x"));
            worker.reply(2, questionId, complete(questionId, meta.get("conversationId").asText(), "x"));
            stream.untilEnd(WAIT);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> prometheus = gateway.get("/actuator/prometheus");
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body())
                    // requests
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*uri=\"/api/chat\"")
                    // streams
                    .contains("clusterwise_gateway_answers_pending")
                    .containsPattern("clusterwise_gateway_answers_total\\{outcome=\"completed\"} [1-9]")
                    .containsPattern("clusterwise_gateway_answer_duration_seconds_count\\{outcome=\"completed\"} [1-9]")
                    .containsPattern("clusterwise_gateway_answer_first_chunk_seconds_count [1-9]")
                    .contains("clusterwise_gateway_insight_streams_open")
                    // correlation
                    .containsPattern("clusterwise_gateway_replies_received_total [1-9]")
                    .contains("clusterwise_gateway_replies_unmatched_total")
                    .contains("clusterwise_gateway_reply_consumer_positioned 1.0")
                    .contains("clusterwise_gateway_conversations");
        });
    }

    @Test
    void shouldDescribeEveryApiEndpointWhenTheOpenApiDocumentIsFetched() {
        HttpResponse<String> response = gateway.get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json(response.body());
        assertThat(document.get("openapi").asText()).startsWith("3.");
        java.util.Set<String> documented = new java.util.TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(
                operation -> documented.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " "
                        + path.getKey())));
        java.util.Set<String> served = new java.util.TreeSet<>();
        gateway.context().getBean("requestMappingHandlerMapping",
                        org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping.class)
                .getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                        .filter(pattern -> pattern.startsWith("/api/"))
                        .forEach(pattern -> info.getMethodsCondition().getMethods().forEach(
                                method -> served.add(method.name() + " " + pattern))));
        assertThat(served).contains("POST /api/chat", "GET /api/insights", "GET /api/insights/stream",
                "POST /api/suppressions", "GET /api/suppressions", "DELETE /api/suppressions/{id}",
                "GET /api/diagnose", "GET /api/namespaces", "GET /api/models");
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void shouldWriteAMuteToAgentSuppressionsAndTombstoneItWhenItIsDeleted() {
        String fingerprint = "CrashLoopBackOff:Deployment/demo/web:" + System.nanoTime();
        HttpResponse<String> created = gateway.postJson("/api/suppressions", "{\"fingerprint\": \"" + fingerprint
                + "\", \"reason\": \"known issue\", \"ttl\": \"PT8H\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        Suppression muted = WireJson.readValue(created.body().getBytes(StandardCharsets.UTF_8), Suppression.class);
        assertThat(created.headers().firstValue("Location")).contains("/api/suppressions/" + muted.id());
        assertThat(muted.fingerprint()).isEqualTo(fingerprint);
        assertThat(Duration.between(muted.createdAt(), muted.expiresAt())).isEqualTo(Duration.ofHours(8));

        ConsumerRecord<String, Envelope<Payload>> written =
                worker.awaitSuppressionRecords(muted.id(), 1, WAIT).get(0);
        assertThat(written.value().data()).isEqualTo(muted);
        assertThat(written.value().source()).isEqualTo("local");
        // every instance lists it, as read back from the topic
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gateway.get("/api/suppressions").body()).contains(muted.id());
            assertThat(neighbour.get("/api/suppressions").body()).contains(muted.id());
        });

        assertThat(neighbour.delete("/api/suppressions/" + muted.id()).statusCode()).isEqualTo(204);
        List<ConsumerRecord<String, Envelope<Payload>>> both = worker.awaitSuppressionRecords(muted.id(), 2, WAIT);
        assertThat(both.get(1).value()).isNull();
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(gateway.get("/api/suppressions").body()).doesNotContain(muted.id()));
    }

    @Test
    void shouldAnswer400ProblemWhenAMuteNamesBothAFingerprintAndAPattern() {
        HttpResponse<String> refused = gateway.postJson("/api/suppressions",
                "{\"fingerprint\": \"a:Pod/x/y\", \"pattern\": \"a:*\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(refused.body()).get("detail").asText()).startsWith("send exactly one of fingerprint");
        HttpResponse<String> malformed = gateway.postJson("/api/suppressions", "{\"fingerprint\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed.body()).get("detail").asText()).contains("\"fingerprint\": \"...\" or \"pattern\"");
    }

    @Test
    void shouldServeTheApiWithoutATokenWhenAuthIsOff() {
        assertThat(gateway.get("/api/insights").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/api/suppressions").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldListAnInsightNewestFirstWhenItIsPublishedToAgentInsights() {
        Insight published = insight("fp-new-" + System.nanoTime(), NOW);
        worker.publishInsight(1, NOW, published);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(insightFingerprints(gateway)).contains(published.fingerprint()));
        List<String> fingerprints = insightFingerprints(gateway);
        assertThat(fingerprints.indexOf(published.fingerprint())).isLessThan(fingerprints.indexOf(RECENT_FINGERPRINT));
        HttpResponse<String> response = gateway.get("/api/insights");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        // every instance reads every partition of agent.insights
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(insightFingerprints(neighbour)).contains(published.fingerprint()));
    }

    @Test
    void shouldListInsightsFromTheLookbackButNotOlderOnesWhenTheGatewayStarts() {
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(insightFingerprints(gateway)).contains(RECENT_FINGERPRINT));
        // the stale one sits before the recent one on the same partition: had it been read, it would be here
        assertThat(insightFingerprints(gateway)).doesNotContain(STALE_FINGERPRINT);
    }

    @Test
    void shouldPushANewInsightToStreamSubscribersWhenItIsPublished() {
        try (SseStream stream = SseClient.get(gateway.uri("/api/insights/stream"))) {
            assertThat(stream.status()).isEqualTo(200);
            Insight published = insight("fp-live-" + System.nanoTime(), NOW);
            worker.publishInsight(2, NOW, published);

            SseEvent event = stream.next(WAIT);
            assertThat(event.name()).isEqualTo("insight");
            assertThat(WireJson.readValue(event.data().getBytes(StandardCharsets.UTF_8), Insight.class))
                    .isEqualTo(published);
        }
    }

    @Test
    void shouldServeTheChatPageAndItsAssetsWhenABrowserOpensTheRoot() {
        HttpResponse<String> page = gateway.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<textarea id=\"question\"").contains("src=\"app.js\"")
                .contains("href=\"style.css\"");
        HttpResponse<String> script = gateway.get("/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
        assertThat(gateway.get("/style.css").statusCode()).isEqualTo(200);
    }

    private static SseStream ask(String json) {
        return SseClient.post(gateway.uri("/api/chat"), json);
    }

    private static PendingAnswers pending(RunningGateway instance) {
        return instance.context().getBean(PendingAnswers.class);
    }

    private static List<String> insightFingerprints(RunningGateway instance) {
        HttpResponse<String> response = instance.get("/api/insights");
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> fingerprints = new ArrayList<>();
        json(response.body()).forEach(node -> fingerprints.add(node.get("fingerprint").asText()));
        return fingerprints;
    }

    private static ChatReply.Complete complete(String questionId, String conversationId, String answer) {
        ObjectRef pod = new ObjectRef("Pod", "demo", "web-1", "uid-web-1");
        Evidence evidence = new Evidence("E1", pod, "OOMKilled", "container web was OOMKilled (limit 128Mi)",
                NOW.minusSeconds(60));
        Finding finding = new Finding("oom", Severity.CRITICAL, pod, "OOMKilled", "web-1 ran out of memory", 3,
                NOW.minusSeconds(600), NOW.minusSeconds(60), List.of("E1"));
        return new ChatReply.Complete(questionId, conversationId, answer, ChatReply.AnswerMode.MODEL, "mistral", null,
                List.of(finding), List.of(evidence));
    }

    private static Insight insight(String fingerprint, Instant detectedAt) {
        ObjectRef pod = new ObjectRef("Pod", "demo", "web-1", "uid-web-1");
        return new Insight(fingerprint, Insight.Transition.OPENED, Severity.WARNING, "web-1 is crash-looping",
                List.of(pod), List.of(new Evidence("E1", pod, "BackOff", "Back-off restarting failed container",
                detectedAt)), List.of("kubectl -n demo describe pod web-1"), null, detectedAt);
    }

    private static ChatReply.Complete withAnswerId(ChatReply.Complete c, String answerId) {
        return new ChatReply.Complete(c.questionId(), c.conversationId(), c.answer(), c.mode(), c.model(), c.notice(),
                c.findings(), c.evidence(), answerId);
    }

    private static JsonNode json(String text) {
        try {
            return WireJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
