package io.clusterwise.worker.ollama;

import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.clusterwise.worker.WorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OllamaConfiguration {

    /** Low temperature: answers should restate the evidence, not be creative about it. */
    static final double TEMPERATURE = 0.1;

    @Bean
    FailureNotice ollamaFailureNotice(WorkerProperties properties) {
        WorkerProperties.Ollama o = properties.worker().ollama();
        return new FailureNotice(o.displayUrl(), o.model(), o.timeout());
    }

    @Bean
    ModelStream modelStream(WorkerProperties properties, FailureNotice notices) {
        WorkerProperties.Ollama o = properties.worker().ollama();
        OllamaStreamingChatModel model = OllamaStreamingChatModel.builder()
                .baseUrl(o.baseUrl())
                .modelName(o.model())
                .timeout(o.timeout())
                .numCtx(o.numCtx())
                .temperature(TEMPERATURE)
                .build();
        return new OllamaModelStream(model, o.model(), notices);
    }

    @Bean
    OllamaStartupCheck ollamaStartupCheck(WorkerProperties properties, FailureNotice notices) {
        return new OllamaStartupCheck(properties.worker().ollama(), notices);
    }
}
