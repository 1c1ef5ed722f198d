package io.clusterwise.worker.ollama;

import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.worker.WorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;

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
    ModelCheck modelCheck(WorkerProperties properties, FailureNotice notices) {
        return new ModelCheck(properties.worker().ollama(), notices);
    }

    @Bean
    LastAnswer lastAnswer() {
        return new LastAnswer();
    }

    @Bean
    ModelStatusPublisher modelStatusPublisher(WorkerProperties properties, ModelCheck models, LastAnswer answers,
                                              FailureNotice notices, KafkaTemplate<String, Envelope<?>> kafka,
                                              Clock clock) {
        WorkerProperties.Worker w = properties.worker();
        return new ModelStatusPublisher(new ModelStatusPublisher.Identity(w.instanceId(), properties.clusterName(),
                w.ollama().displayUrl(), w.ollama().model()), models, answers, notices, kafka,
                w.modelStatus().interval(), clock);
    }
}
