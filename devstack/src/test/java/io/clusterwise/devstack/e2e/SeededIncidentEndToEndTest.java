package io.clusterwise.devstack.e2e;

import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.devstack.LocalStack;
import io.clusterwise.devstack.StackOptions;
import io.clusterwise.testsupport.ollama.OllamaDouble;
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
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The incident the local stack starts with (Deployment demo/greeter → ReplicaSet greeter-8f2588814d → Pod
 * greeter-8f2588814d-a31b9 in CrashLoopBackOff), as a user of the chat page sees it: ONE insight about the
 * Deployment, whatever order ingest publishes the pod's facts and the ReplicaSet's snapshot in.
 */
class SeededIncidentEndToEndTest {

    private static final String FINGERPRINT = "CrashLoopBackOff:Deployment/demo/greeter";
    /** Longer than the worker's owner grace (10 s): an incident opened too early would show up as a second one. */
    private static final Duration STILL_ONE_FOR = Duration.ofSeconds(12);

    @TempDir
    static Path workDir;

    private static OllamaDouble ollama;
    private static LocalStack stack;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() {
        ollama = OllamaDouble.start().reply("The greeter container exits with code 2 right after it starts [E1].");
        stack = LocalStack.start(StackOptions.forTests(workDir, ollama.baseUrl()));
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
    void shouldShowOneDeploymentInsightWhenTheStackStartsWithTheCrashLoopingGreeter() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(aboutGreeter(insights())).isNotEmpty());

        // and it stays one: no second incident under the ReplicaSet or the Deployment's unavailable replicas
        await().during(STILL_ONE_FOR).atMost(STILL_ONE_FOR.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<Insight> all = insights();
                    assertThat(all).noneMatch(i -> i.subject() != null && "ReplicaSet".equals(i.subject().kind()))
                            .noneMatch(i -> i.fingerprint().contains("ReplicaSet/"));
                    assertThat(aboutGreeter(all)).singleElement().satisfies(i -> {
                        assertThat(i.transition()).isEqualTo(Insight.Transition.OPENED);
                        assertThat(i.subject().path()).isEqualTo("Deployment/demo/greeter");
                        assertThat(i.fingerprint()).isEqualTo(FINGERPRINT);
                        assertThat(i.affected()).extracting(ObjectRef::name).contains("greeter-8f2588814d-a31b9");
                    });
                });
    }

    /** {@code GET /api/insights} on the gateway, as the chat page reads it. */
    private static List<Insight> insights() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/insights")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Arrays.asList(WireJson.mapper().readValue(response.body(), Insight[].class));
    }

    /** Insights about the greeter workload in namespace demo, by subject or fingerprint. */
    private static List<Insight> aboutGreeter(List<Insight> insights) {
        return insights.stream()
                .filter(i -> i.fingerprint().contains("/demo/greeter")
                        || i.subject() != null && "demo".equals(i.subject().namespace())
                        && i.subject().name() != null && i.subject().name().startsWith("greeter"))
                .toList();
    }
}
