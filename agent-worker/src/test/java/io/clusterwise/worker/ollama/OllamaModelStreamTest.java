package io.clusterwise.worker.ollama;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.testsupport.ollama.OllamaDouble;
import io.clusterwise.testsupport.ollama.RecordedChat;
import io.clusterwise.worker.WorkerProperties;
import io.clusterwise.worker.context.Prompt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's model client against a real HTTP server speaking Ollama's protocol. */
class OllamaModelStreamTest {

    private static final Prompt PROMPT = new Prompt("Answer only from the evidence.",
            "E1 | Pod/demo/greeter-8f2588814d-a31b9 | BackOff | ...\n\nQuestion: why is greeter crashing?");

    private final OllamaDouble ollama = OllamaDouble.start();
    private final List<String> pieces = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> done = new CompletableFuture<>();
    private final CompletableFuture<String> failed = new CompletableFuture<>();

    @AfterEach
    void stop() {
        ollama.stop();
    }

    private ModelStream stream(String baseUrl) {
        WorkerProperties.Ollama o = new WorkerProperties.Ollama(baseUrl, "mistral", Duration.ofSeconds(5), 2048);
        WorkerProperties properties = new WorkerProperties("test", new WorkerProperties.Worker(o,
                Duration.ofSeconds(5), new WorkerProperties.Window(100, Duration.ofHours(1)), 1,
                new WorkerProperties.State(100), new WorkerProperties.Episodes(Duration.ofMinutes(15), 3,
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(10))));
        OllamaConfiguration config = new OllamaConfiguration();
        return config.modelStream(properties, config.ollamaFailureNotice(properties));
    }

    private void ask(String baseUrl) {
        stream(baseUrl).stream(PROMPT, new ModelStream.Listener() {
            @Override
            public void onPiece(String text) {
                pieces.add(text);
            }

            @Override
            public void onDone(String fullText) {
                done.complete(fullText);
            }

            @Override
            public void onFailure(String notice) {
                failed.complete(notice);
            }
        });
    }

    @Test
    void shouldStreamPiecesThenTheFullTextWhenOllamaAnswers() throws Exception {
        ollama.reply("Greeter exits ", "with code 2 [E1].");

        ask(ollama.baseUrl());

        assertThat(done.get(5, TimeUnit.SECONDS)).isEqualTo("Greeter exits with code 2 [E1].");
        assertThat(pieces).containsExactly("Greeter exits ", "with code 2 [E1].");
        RecordedChat chat = ollama.chatRequests().get(0);
        assertThat(chat.model()).isEqualTo("mistral");
        assertThat(chat.options()).containsEntry("num_ctx", 2048).containsEntry("temperature", 0.1);
        assertThat(chat.messages()).extracting(RecordedChat.Message::role).containsExactly("system", "user");
        assertThat(failed).isNotDone();
    }

    @Test
    void shouldSendEarlierTurnsAsChatMessagesBetweenSystemAndQuestion() throws Exception {
        Prompt prompt = new Prompt("rules", List.of(new ChatQuestion.Turn(ChatQuestion.Role.USER, "what broke?"),
                new ChatQuestion.Turn(ChatQuestion.Role.ASSISTANT, "greeter [E1].")), "and why?");

        CompletableFuture<String> answered = new CompletableFuture<>();
        stream(ollama.baseUrl()).stream(prompt, new ModelStream.Listener() {
            @Override
            public void onPiece(String text) {
            }

            @Override
            public void onDone(String fullText) {
                answered.complete(fullText);
            }

            @Override
            public void onFailure(String notice) {
                answered.complete(notice);
            }
        });

        answered.get(5, TimeUnit.SECONDS);
        assertThat(ollama.chatRequests().get(0).messages()).extracting(RecordedChat.Message::role,
                RecordedChat.Message::content).containsExactly(
                org.assertj.core.groups.Tuple.tuple("system", "rules"),
                org.assertj.core.groups.Tuple.tuple("user", "what broke?"),
                org.assertj.core.groups.Tuple.tuple("assistant", "greeter [E1]."),
                org.assertj.core.groups.Tuple.tuple("user", "and why?"));
    }

    @Test
    void shouldSayRunOllamaPullWhenTheModelIsNotPulled() throws Exception {
        ollama.models("llama3.2");

        ask(ollama.baseUrl());

        assertThat(failed.get(5, TimeUnit.SECONDS)).isEqualTo("model 'mistral' is not pulled on "
                + ollama.baseUrl() + " — run `ollama pull mistral`");
    }

    @Test
    void shouldSayUnreachableWhenNothingListens() throws Exception {
        String url = ollama.baseUrl();
        ollama.stop();

        ask(url);

        assertThat(failed.get(5, TimeUnit.SECONDS)).isEqualTo("Ollama is unreachable at " + url
                + " (connection refused: is `ollama serve` running?)");
    }

    @Test
    void shouldQuoteOllamasErrorWhenItAnswersWithAnErrorStatus() throws Exception {
        ollama.failWith(503, "server busy");

        ask(ollama.baseUrl());

        assertThat(failed.get(5, TimeUnit.SECONDS)).isEqualTo("Ollama at " + ollama.baseUrl()
                + " answered HTTP 503: server busy");
    }

    @Test
    void shouldSayTheModelFailedWhenTheStreamCarriesAnError() throws Exception {
        ollama.reply("first ", "second").failMidStream("model runner has unexpectedly stopped");

        ask(ollama.baseUrl());

        assertThat(failed.get(5, TimeUnit.SECONDS))
                .isEqualTo("the model failed while answering: model runner has unexpectedly stopped");
        assertThat(pieces).containsExactly("first ");
        assertThat(done).isNotDone();
    }

    @Test
    void shouldFindTheModelWithOrWithoutItsTagWhenCheckingAtStartUp() {
        assertThat(ModelCheck.serves(List.of("mistral:latest"), "mistral")).isTrue();
        assertThat(ModelCheck.serves(List.of("mistral:latest"), "mistral:latest")).isTrue();
        assertThat(ModelCheck.serves(List.of("llama3.2:1b"), "mistral")).isFalse();
    }
}
