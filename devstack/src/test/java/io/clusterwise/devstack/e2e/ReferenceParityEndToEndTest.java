package io.clusterwise.devstack.e2e;

import io.clusterwise.testsupport.chat.SseChat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeDeserializer;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.devstack.LocalStack;
import io.clusterwise.devstack.Main;
import io.clusterwise.devstack.StackOptions;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import io.clusterwise.testsupport.ollama.RecordedChat;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the reference agent offers, as a user of the local stack meets it (issue 9): the crash-looping greeter's last
 * log lines read by ingest from the simulated cluster's {@code pods/log}, redacted on {@code cluster.logs} and cited in
 * the chat answer; {@code GET /api/diagnose} answered by the worker over Kafka; {@code GET /api/models} from the
 * workers' reports on {@code agent.models}.
 */
class ReferenceParityEndToEndTest {

    private static final String GREETER_POD = "greeter-8f2588814d-a31b9";
    /** In the seeded previous log's connection string (devstack's seed/crashloop-greeter.previous-log.txt). */
    private static final String SEEDED_PASSWORD = "hunter2-prod-secret";

    @TempDir
    static Path workDir;

    private static OllamaDouble ollama;
    private static LocalStack stack;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() {
        ollama = OllamaDouble.start().reply("The greeter panics because greeter-db.demo.svc does not resolve [E1].");
        stack = LocalStack.start(StackOptions.forTests(workDir, ollama.baseUrl()).toBuilder()
                .property("clusterwise.worker.model-status.interval", "PT1S")
                .build());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (ollama != null) {
            ollama.close();
        }
    }

    @Test
    void shouldPublishGreetersLastLogLinesRedactedWhenItCrashLoops() {
        List<ContainerLog> logs = new ArrayList<>();
        try (KafkaConsumer<String, Envelope<Payload>> consumer = consumer()) {
            List<TopicPartition> partitions = IntStream.range(0, Topic.CLUSTER_LOGS.partitions())
                    .mapToObj(p -> new TopicPartition(Topic.CLUSTER_LOGS.topicName(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                for (ConsumerRecord<String, Envelope<Payload>> record : consumer.poll(Duration.ofMillis(200))) {
                    logs.add((ContainerLog) record.value().data());
                }
                assertThat(logs).anySatisfy(log -> {
                    assertThat(log.pod().name()).isEqualTo(GREETER_POD);
                    assertThat(log.container()).isEqualTo("greeter");
                    assertThat(log.text()).contains("panic: database greeter-db.demo.svc unreachable");
                });
            });
        }
        assertThat(logs).allSatisfy(log -> assertThat(log.text()).doesNotContain(SEEDED_PASSWORD));
    }

    @Test
    void shouldCiteTheLogLinesWhenAskedWhyGreeterFails() throws Exception {
        SseChat chat = new SseChat(stack.gatewayUrl());

        // each question counts against the client's rate limit (30 a minute): ask no faster than it refills
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            SseChat.Answer answer = chat.ask("why is greeter failing?", Duration.ofSeconds(60));
            assertThat(answer.complete()).as("a complete reply (HTTP %d, events %s)", answer.status(), answer.names())
                    .isPresent();
            JsonNode complete = answer.complete().get();
            assertThat(complete.path("evidence")).anySatisfy(e -> {
                assertThat(e.path("reason").asText()).isEqualTo("ContainerLog");
                assertThat(e.path("message").asText()).contains("panic: database").doesNotContain(SEEDED_PASSWORD);
            });
        });
        assertThat(ollama.chatRequests()).extracting(RecordedChat::allContent)
                .anySatisfy(prompt -> assertThat(prompt).contains("panic: database greeter-db.demo.svc unreachable"));
    }

    @Test
    void shouldDiagnoseDemoNamespaceWithTheFieldsOfTheCommandLineWhenAsked() throws Exception {
        // every diagnosis counts against the client's rate limit (30 a minute): poll no faster than it refills
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            HttpResponse<String> response = get("/api/diagnose?namespace=demo");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode incidents = WireJson.mapper().readTree(response.body()).path("incidents");
            assertThat(incidents).anySatisfy(incident -> {
                assertThat(incident.path("fingerprint").asText()).startsWith("CrashLoopBackOff:Deployment/demo/greeter");
                assertThat(fieldNames(incident)).isEqualTo(commandLineFields());
                assertThat(incident.path("evidence")).anySatisfy(line ->
                        assertThat(line.path("message").asText()).contains("panic: database"));
            });
            assertThat(incidents).allSatisfy(incident ->
                    assertThat(incident.path("namespace").asText()).isEqualTo("demo"));
        });
    }

    @Test
    void shouldAnswer404ProblemWhenTheNamespaceIsNotInTheCluster() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            HttpResponse<String> response = get("/api/diagnose?namespace=no-such-namespace");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("no-such-namespace");
        });
    }

    @Test
    void shouldReportTheConfiguredModelAsReadyWhenTheWorkerSeesItPulled() throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> response = get("/api/models");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode models = WireJson.mapper().readTree(response.body());
            assertThat(models.path("state").asText()).isEqualTo("READY");
            assertThat(models.path("configuredModel").asText()).isEqualTo(StackOptions.DEFAULT_MODEL);
            assertThat(models.path("available")).extracting(m -> m.path("name").asText())
                    .anySatisfy(name -> assertThat(name).startsWith(StackOptions.DEFAULT_MODEL));
        });
    }

    /** The fields {@code ./clusterwise diagnose --json} prints for the greeter incident of the same seed dump. */
    private static Set<String> commandLineFields() throws Exception {
        Path dump = workDir.resolve("seed.json");
        try (var in = LocalStack.class.getResourceAsStream("/seed/crashloop-greeter.json")) {
            java.nio.file.Files.copy(in, dump, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = new Main(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err)
                .run(new String[] {"diagnose", "--file", dump.toString(), "--json"});
        assertThat(code).isZero();
        JsonNode printed = WireJson.mapper().readTree(out.toByteArray());
        assertThat(printed).isNotEmpty();
        return fieldNames(printed.get(0));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static KafkaConsumer<String, Envelope<Payload>> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new EnvelopeDeserializer());
    }
}
