package io.clusterwise.worker.answer;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.worker.WorkerProperties;
import io.clusterwise.worker.context.ContextBuilder;
import io.clusterwise.worker.ollama.LastAnswer;
import io.clusterwise.worker.ollama.ModelStream;
import io.clusterwise.worker.state.ClusterView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class AnswerConfiguration {

    @Bean
    ReplySender replySender(KafkaTemplate<String, Envelope<?>> kafka, WorkerProperties properties) {
        return new ReplySender(kafka, properties.clusterName());
    }

    @Bean
    Answerer answerer(ClusterView view, ModelStream model, ReplySender sender, LastAnswer outcomes,
                      WorkerProperties properties, Clock clock) {
        return new Answerer(view, new ContextBuilder(properties.worker().ollama().numCtx()), model,
                sender, outcomes, properties.worker().answerDeadline(), clock);
    }

    @Bean
    DiagnoseResponder diagnoseResponder(ClusterView view, ReplySender sender) {
        return new DiagnoseResponder(view, sender);
    }

    @Bean
    AnswerPool answerPool(WorkerProperties properties) {
        return new AnswerPool(properties.worker().maxConcurrentAnswers());
    }

    @Bean
    QuestionListener questionListener(AnswerPool pool, Answerer answerer, DiagnoseResponder diagnoses, Clock clock,
                                      WorkerProperties properties) {
        // twice the deadline: longer than any gateway waits (its answer-timeout defaults to 1.5 deadlines)
        return new QuestionListener(pool, answerer, diagnoses, clock,
                properties.worker().answerDeadline().multipliedBy(2));
    }
}
