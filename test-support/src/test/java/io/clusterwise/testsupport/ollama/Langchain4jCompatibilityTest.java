package io.clusterwise.testsupport.ollama;

import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingException;
import dev.langchain4j.model.ollama.RunningOllamaModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's client, langchain4j-ollama, reads the double's answers as it reads a real Ollama's. */
class Langchain4jCompatibilityTest {

    private final OllamaDouble ollama = OllamaDouble.start();
    private final List<String> partials = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        ollama.stop();
    }

    @Test
    void shouldStreamPiecesAndCompleteWhenTheModelIsServed() throws Exception {
        ollama.reply("Greeter ", "exits with code 2 [E1].");

        ChatResponse response = chat().get(10, TimeUnit.SECONDS);

        assertThat(partials).containsExactly("Greeter ", "exits with code 2 [E1].");
        assertThat(response.aiMessage().text()).isEqualTo("Greeter exits with code 2 [E1].");
        RecordedChat recorded = ollama.chatRequests().get(0);
        assertThat(recorded.options()).containsEntry("num_ctx", 2048).containsEntry("temperature", 0.1);
        assertThat(recorded.contentOf("user")).isEqualTo("why is greeter crashing?");
    }

    @Test
    void shouldRaiseModelNotFoundWhenTheModelIsNotPulled() {
        ollama.models("llama3.2");

        assertThatThrownBy(() -> chat().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("model \\\"mistral\\\" not found, try pulling it first");
    }

    @Test
    void shouldRaiseOllamaStreamingExceptionWhenTheStreamCarriesAnError() {
        ollama.reply("first ", "second").failMidStream("model runner has unexpectedly stopped");

        assertThatThrownBy(() -> chat().get(10, TimeUnit.SECONDS))
                .cause().isInstanceOf(OllamaStreamingException.class)
                .hasMessageContaining("model runner has unexpectedly stopped");
        assertThat(partials).containsExactly("first ");
    }

    @Test
    void shouldListTheModelsWhenAskedThroughOllamaModels() {
        ollama.models("mistral", "llama3.2:1b");

        List<OllamaModel> models = OllamaModels.builder().baseUrl(ollama.baseUrl()).build().availableModels()
                .content();

        assertThat(models).extracting(OllamaModel::getName).containsExactly("mistral:latest", "llama3.2:1b");
    }

    @Test
    void shouldListTheLoadedModelsWhenAskedThroughOllamaModels() {
        ollama.loaded("mistral");

        List<RunningOllamaModel> running = OllamaModels.builder().baseUrl(ollama.baseUrl()).build().runningModels()
                .content();

        assertThat(running).singleElement().satisfies(m -> {
            assertThat(m.getName()).isEqualTo("mistral:latest");
            assertThat(m.getExpiresAt()).isNotNull();
            assertThat(m.getSize()).isPositive();
        });
    }

    private CompletableFuture<ChatResponse> chat() {
        OllamaStreamingChatModel model = OllamaStreamingChatModel.builder().baseUrl(ollama.baseUrl())
                .modelName("mistral").numCtx(2048).temperature(0.1).timeout(Duration.ofSeconds(5)).build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("why is greeter crashing?", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partialResponse) {
                partials.add(partialResponse);
            }

            @Override
            public void onCompleteResponse(ChatResponse completeResponse) {
                done.complete(completeResponse);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done;
    }
}
