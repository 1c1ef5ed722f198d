package io.clusterwise.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.testsupport.chat.SseChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * Model failures as the person asking sees them, through the gateway's chat stream: Ollama down, a model slower than
 * its timeout (streaming too slowly, or still loading and not answering at all), the model missing (404), Ollama busy
 * (503) and an error line in the middle of a stream. Each question
 * gets, within the worker's answer deadline, one {@code complete} whose mode is findings-only, whose notice says what
 * failed, and whose answer names the seeded CrashLoopBackOff of {@code demo/greeter}; once Ollama is healthy again the
 * next question is answered by the model. The worker has a short Ollama timeout and answer deadline here, and the
 * gateway a timeout above that deadline, so a {@code timeout} event instead of a {@code complete} is a failure.
 */
class ModelFailureTest {

    private static final Duration OLLAMA_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(6);
    private static final Duration GATEWAY_TIMEOUT = Duration.ofSeconds(10);
    /** A chat stream still open after this has hung: the gateway should have ended it with {@code timeout} before. */
    private static final Duration HUNG = GATEWAY_TIMEOUT.plusSeconds(5);
    private static final String QUESTION = "why is greeter failing?";
    private static final String[] MODEL_REPLY = {"greeter ", "crash-loops [E1]"};
    private static final String FINDINGS_ONLY_OPENING = "The model was unavailable, so this answer shows only what "
            + "clusterwise's analyzers found. Reason: ";

    private static ReliabilityStack stack;
    private static ConfigurableApplicationContext gateway;

    /** One question as the person saw it: the stream and how long it took to end. */
    private record Asked(SseChat.Answer answer, Duration took) {

        JsonNode complete() {
            return answer.complete().orElseThrow(() -> new AssertionError("no complete event: " + answer.names()));
        }

        String mode() {
            return answer.complete().map(c -> c.path("mode").asText()).orElse("none (" + answer.names() + ")");
        }
    }

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
        stack.startIngest(Map.of());
        stack.startWorker(Map.of("clusterwise.worker.ollama.timeout", OLLAMA_TIMEOUT.toString(),
                "clusterwise.worker.answer-deadline", ANSWER_DEADLINE.toString()));
        gateway = stack.startGateway(Map.of("clusterwise.gateway.answer-timeout", GATEWAY_TIMEOUT.toString()));
        stack.ollama().reply(MODEL_REPLY);
        // the stack is ready when the model answers and the worker knows the seeded incident
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Asked ready = ask();
            assertThat(ready.mode()).isEqualTo("MODEL");
            greeterFinding(ready.complete());
        });
    }

    @AfterEach
    void heal() {
        stack.ollama().healthy().reply(MODEL_REPLY);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldAnswerFromTheFindingsSayingOllamaIsUnreachableWhenOllamaIsDown() throws Exception {
        String url = stack.ollama().baseUrl();
        Asked down;
        try {
            stack.ollama().stop();
            down = ask();
        } finally {
            stack.restartOllama().reply(MODEL_REPLY);
        }
        Asked next = ask();

        judge("Ollama down (its port refuses connections), then started again on it", down, next,
                "Ollama is unreachable at " + url + " (connection refused: is `ollama serve` running?)", List.of());
    }

    @Test
    void shouldAnswerFromTheFindingsWithinTheDeadlineWhenTheModelIsSlowerThanItsTimeout() throws Exception {
        stack.ollama().reply("too late").chunkDelay(OLLAMA_TIMEOUT.multipliedBy(3));
        Asked slow = ask();
        stack.ollama().healthy().reply(MODEL_REPLY);
        Asked next = ask();

        judge("model slower than the timeout (" + OLLAMA_TIMEOUT.multipliedBy(3) + " before its first piece)", slow,
                next, "the model did not finish within " + ANSWER_DEADLINE + " (clusterwise.worker.answer-deadline)",
                List.of());
    }

    @Test
    void shouldAnswerFromTheFindingsNamingTheOllamaTimeoutWhenTheModelLoadsLongerThanIt() throws Exception {
        String url = stack.ollama().baseUrl();
        stack.ollama().loadDelay(OLLAMA_TIMEOUT.multipliedBy(2));
        Asked loading = ask();
        stack.ollama().healthy();
        Asked next = ask();

        judge("model loading longer than the timeout (no response for " + OLLAMA_TIMEOUT.multipliedBy(2) + ")",
                loading, next, "Ollama at " + url + " did not answer within " + OLLAMA_TIMEOUT
                        + " (clusterwise.worker.ollama.timeout)", List.of());
    }

    @Test
    void shouldAnswerFromTheFindingsWithThePullCommandWhenOllamaSaysTheModelIsMissing() throws Exception {
        String url = stack.ollama().baseUrl();
        stack.ollama().failWith(404, "model 'mistral' not found");
        Asked missing = ask();
        stack.ollama().healthy();
        Asked next = ask();

        judge("404 {\"error\":\"model 'mistral' not found\"}", missing, next,
                "model 'mistral' is not pulled on " + url + " — run `ollama pull mistral`", List.of());
    }

    @Test
    void shouldAnswerFromTheFindingsNamingTheStatusWhenOllamaIsBusy() throws Exception {
        String url = stack.ollama().baseUrl();
        stack.ollama().failWith(503, "server busy");
        Asked busy = ask();
        stack.ollama().healthy();
        Asked next = ask();

        judge("503 {\"error\":\"server busy\"}", busy, next, "Ollama at " + url + " answered HTTP 503: server busy",
                List.of());
    }

    @Test
    void shouldReplaceThePartialAnswerWithTheFindingsWhenAnErrorLineArrivesMidStream() throws Exception {
        String error = "model runner has unexpectedly stopped, this may be due to resource limitations";
        stack.ollama().reply("Greeter is healthy ", "and nothing is wrong").failMidStream(error);
        Asked broken = ask();
        stack.ollama().healthy().reply(MODEL_REPLY);
        Asked next = ask();

        judge("{\"error\":...} line after the first piece", broken, next,
                "the model failed while answering: " + error, List.of("Greeter is healthy "));
        assertThat(broken.complete().path("answer").asText()).doesNotContain("Greeter is healthy");
    }

    /**
     * Records the figures, then asserts what the person saw: for the faulty question one findings-only
     * {@code complete} with this notice that still names greeter's CrashLoopBackOff (after only {@code partial}
     * chunks), and for the next question the model's answer.
     */
    private static void judge(String fault, Asked faulty, Asked next, String notice, List<String> partial) {
        Figures.record("ModelFailureTest", fault, "answer after " + faulty.took().toMillis() + " ms (worker: ollama "
                + "timeout " + OLLAMA_TIMEOUT + ", answer deadline " + ANSWER_DEADLINE + "; gateway timeout "
                + GATEWAY_TIMEOUT + "), mode " + faulty.mode() + ", next question answered by the model: "
                + ("MODEL".equals(next.mode()) ? "yes" : "no (" + next.mode() + ")") + " after "
                + next.took().toMillis() + " ms");

        assertThat(faulty.answer().status()).isEqualTo(200);
        assertThat(faulty.answer().names()).doesNotContain("timeout", "error").endsWith("complete")
                .containsOnlyOnce("complete");
        assertThat(faulty.answer().chunkTexts()).isEqualTo(partial);
        JsonNode complete = faulty.complete();
        assertThat(complete.path("mode").asText()).isEqualTo("FINDINGS_ONLY");
        assertThat(complete.path("model").asText()).isEqualTo("mistral");
        assertThat(complete.path("notice").asText()).isEqualTo(notice);
        JsonNode greeter = greeterFinding(complete);
        assertThat(complete.path("answer").asText())
                .startsWith(FINDINGS_ONLY_OPENING + notice + ".\n\nFindings:\n")
                .contains("- [" + greeter.path("severity").asText().toLowerCase() + "] Deployment/demo/greeter: "
                        + "CrashLoopBackOff — " + greeter.path("summary").asText() + "; seen ");

        assertThat(next.answer().status()).isEqualTo(200);
        assertThat(next.mode()).isEqualTo("MODEL");
        assertThat(next.answer().chunkTexts()).containsExactly(MODEL_REPLY);
        assertThat(next.complete().path("answer").asText()).isEqualTo(String.join("", MODEL_REPLY));
        assertThat(next.complete().hasNonNull("notice")).as("notice of a model answer").isFalse();
        greeterFinding(next.complete());
    }

    /** The seeded incident among a complete's findings: the CrashLoopBackOff of Deployment demo/greeter. */
    private static JsonNode greeterFinding(JsonNode complete) {
        List<JsonNode> findings = StreamSupport.stream(complete.path("findings").spliterator(), false)
                .filter(f -> "CrashLoopBackOff".equals(f.path("reason").asText())
                        && "Deployment".equals(f.path("object").path("kind").asText())
                        && "demo".equals(f.path("object").path("namespace").asText())
                        && "greeter".equals(f.path("object").path("name").asText()))
                .toList();
        assertThat(findings).as("the greeter finding among %s", complete.path("findings")).hasSize(1);
        return findings.get(0);
    }

    /** Asks one question through the gateway and reads its stream to the end; a stream that does not end fails. */
    private static Asked ask() {
        SseChat chat = ReliabilityStack.chat(gateway);
        return assertTimeoutPreemptively(HUNG, () -> {
            long started = System.nanoTime();
            SseChat.Answer answer = chat.ask(QUESTION, HUNG);
            return new Asked(answer, Duration.ofNanos(System.nanoTime() - started));
        }, () -> "the chat stream did not end within " + HUNG + " (gateway timeout " + GATEWAY_TIMEOUT + ")");
    }
}
