package io.clusterwise.devstack.e2e;

import io.clusterwise.testsupport.chat.SseChat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.devstack.LocalStack;
import io.clusterwise.devstack.StackOptions;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline, every part real but the cluster and the model: a crash-looping pod and its events are created in
 * the simulated API → ingest publishes them to Kafka → the worker's window holds them → a question posted to the
 * gateway over HTTP is answered as Server-Sent Events, by the Ollama double when it answers and from the findings when
 * it does not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndChatTest {

    private static final String POD = "payments-api-7c9d8f6b5-x2x4k";
    private static final String BACKOFF = "Back-off restarting failed container payments-api in pod " + POD;
    private static final Duration DEADLINE = Duration.ofSeconds(6);

    @TempDir
    static Path workDir;

    private static OllamaDouble ollama;
    private static LocalStack stack;
    private static SseChat chat;

    @BeforeAll
    static void startStack() {
        ollama = OllamaDouble.start()
                .reply("payments-api exits with code 1 right after start ", "and Kubernetes backs off [E1].");
        stack = LocalStack.start(StackOptions.forTests(workDir, ollama.baseUrl()).toBuilder()
                .answerDeadline(DEADLINE)
                .gatewayAnswerTimeout(Duration.ofSeconds(20))
                .build());
        chat = new SseChat(stack.gatewayUrl());
        createCrashLoopingPod(stack.simulatedCluster().orElseThrow().client());
        // the worker publishes an insight once the crash loop is in its window: from then on it can answer about it
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(insightsJson()).contains(POD));
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
    @Order(1)
    void shouldStreamModelAnswerGroundedOnPodEventsWhenOllamaAnswers() throws Exception {
        SseChat.Answer answer = chat.ask("why is payments-api crashing in namespace payments?", Duration.ofSeconds(30));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.names()).startsWith("meta").endsWith("complete");
        assertThat(answer.chunkTexts())
                .containsExactly("payments-api exits with code 1 right after start ", "and Kubernetes backs off [E1].");
        JsonNode complete = answer.complete().orElseThrow();
        assertThat(complete.path("mode").asText()).isEqualTo("MODEL");
        assertThat(complete.path("answer").asText())
                .isEqualTo("payments-api exits with code 1 right after start and Kubernetes backs off [E1].");
        assertThat(complete.path("evidence").toString()).contains(POD);
        assertThat(complete.path("findings").toString()).contains(POD).contains("CrashLoopBackOff");

        io.clusterwise.testsupport.ollama.RecordedChat request = ollama.chatRequests().get(ollama.chatRequests().size() - 1);
        assertThat(request.model()).startsWith("mistral");
        assertThat(request.allContent())
                .contains(POD)
                .contains(BACKOFF)
                .contains("why is payments-api crashing in namespace payments?");
    }

    @Test
    @Order(2)
    void shouldAnswerFromFindingsNamingThePodWhenModelIsNotPulled() throws Exception {
        ollama.failWith(404, "model \"mistral\" not found, try pulling it first");

        SseChat.Answer answer = chat.ask("what is wrong with payments-api?", Duration.ofSeconds(30));

        assertThat(answer.names()).doesNotContain("timeout").endsWith("complete");
        JsonNode complete = answer.complete().orElseThrow();
        assertThat(complete.path("mode").asText()).isEqualTo("FINDINGS_ONLY");
        assertThat(complete.path("notice").asText()).contains("ollama pull mistral");
        assertThat(complete.path("answer").asText()).contains(POD).contains("CrashLoopBackOff");
    }

    @Test
    @Order(3)
    void shouldAnswerFromFindingsNamingThePodWhenOllamaIsDown() throws Exception {
        ollama.stop();

        SseChat.Answer answer = chat.ask("what is wrong with payments-api?", Duration.ofSeconds(30));

        assertThat(answer.names()).doesNotContain("timeout").endsWith("complete");
        JsonNode complete = answer.complete().orElseThrow();
        assertThat(complete.path("mode").asText()).isEqualTo("FINDINGS_ONLY");
        assertThat(complete.path("notice").asText()).isNotBlank();
        assertThat(complete.path("answer").asText()).contains(POD).contains("CrashLoopBackOff");
    }

    private static void createCrashLoopingPod(KubernetesClient client) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Pod pod = client.pods().inNamespace("payments").resource(new PodBuilder()
                .withNewMetadata().withName(POD).withNamespace("payments").addToLabels("app", "payments-api")
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("payments-api-7c9d8f6b5").withUid("9b0c3a1e-5d7f-4c2b-8e6a-2f1d0c9b8a71")
                .withController(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().addNewContainer().withName("payments-api")
                .withImage("ghcr.io/example/payments-api:4f5e6d7").endContainer().withNodeName("worker-2").endSpec()
                .withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("payments-api").withReady(false).withRestartCount(5)
                .withImage("ghcr.io/example/payments-api:4f5e6d7")
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 2m40s restarting failed container=payments-api pod=" + POD + "_payments")
                .endWaiting().endState()
                .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1)
                .withStartedAt(now.minusSeconds(20).toString()).withFinishedAt(now.minusSeconds(18).toString())
                .endTerminated().endLastState()
                .endContainerStatus()
                .endStatus()
                .build()).create();
        Event backOff = new EventBuilder()
                .withNewMetadata().withName(POD + ".18a9c2b7e4f1d0a3").withNamespace("payments").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("payments").withName(POD)
                .withUid(pod.getMetadata().getUid()).withApiVersion("v1")
                .withFieldPath("spec.containers{payments-api}").endInvolvedObject()
                .withReason("BackOff")
                .withMessage(BACKOFF + "_payments(" + pod.getMetadata().getUid() + ")")
                .withType("Warning").withCount(4)
                .withFirstTimestamp(now.minusSeconds(150).toString()).withLastTimestamp(now.toString())
                .withNewSource().withComponent("kubelet").withHost("worker-2").endSource()
                .withReportingComponent("kubelet").withReportingInstance("worker-2")
                .build();
        client.v1().events().inNamespace("payments").resource(backOff).create();
    }

    private static String insightsJson() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/insights")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return WireJson.mapper().readTree(response.body()).toString();
    }
}
