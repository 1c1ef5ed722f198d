package io.clusterwise.worker.answer;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.kafka.DeadLetters;
import io.clusterwise.worker.WorkerProperties;
import io.clusterwise.worker.context.ContextBuilder;
import io.clusterwise.worker.ollama.LastAnswer;
import io.clusterwise.worker.ollama.ModelStream;
import io.clusterwise.worker.state.ClusterView;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

@Configuration(proxyBeanMethods = false)
class AnswerConfiguration {

    /** How long the question consumer's poll waits when idle: also how late an acknowledgement is committed. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(1);

    @Bean
    ReplySender replySender(KafkaTemplate<String, Envelope<?>> kafka, WorkerProperties properties) {
        return new ReplySender(kafka, properties.clusterName());
    }

    @Bean
    Answerer answerer(ClusterView view, ModelStream model, ReplySender sender, LastAnswer outcomes,
                      WorkerProperties properties, Clock clock) {
        return new Answerer(view, new ContextBuilder(properties.worker().ollama().numCtx()), model,
                sender, outcomes, properties.worker().answerDeadline(), clock,
                new AnswerIds(properties.worker().instanceId()));
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
    QuestionOffsets questionOffsets() {
        return new QuestionOffsets();
    }

    @Bean
    AnsweredQuestions answeredQuestions() {
        return new AnsweredQuestions(AnsweredQuestions.DEFAULT_CAPACITY);
    }

    @Bean
    QuestionListener questionListener(AnswerPool pool, Answerer answerer, DiagnoseResponder diagnoses, Clock clock,
                                      WorkerProperties properties, QuestionOffsets offsets,
                                      AnsweredQuestions answered) {
        // twice the deadline: longer than any gateway waits (its answer-timeout defaults to 1.5 deadlines)
        return new QuestionListener(pool, answerer, diagnoses, clock,
                properties.worker().answerDeadline().multipliedBy(2), offsets, answered);
    }

    /**
     * The question listener's container: Boot's settings, then manual acknowledgement through
     * {@link QuestionOffsets} (also told of revoked partitions), the dead-lettering error handler asking it before
     * committing past a dead-lettered record, and the session timeout and heartbeat of
     * {@code clusterwise.worker.questions.*} for this consumer only.
     */
    @Bean(QuestionListener.CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<Object, Object> questionListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            QuestionOffsets offsets, ObjectProvider<DeadLetters> deadLetters, WorkerProperties properties) {
        ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
        configurer.configure(factory, consumers);
        ContainerProperties container = factory.getContainerProperties();
        container.setAckMode(ContainerProperties.AckMode.MANUAL);
        container.setAsyncAcks(false);
        container.setPollTimeout(POLL_TIMEOUT.toMillis());
        container.setConsumerRebalanceListener(offsets);
        WorkerProperties.Questions questions = properties.worker().questions();
        Properties membership = new Properties();
        membership.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                Long.toString(questions.sessionTimeout().toMillis()));
        membership.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Long.toString(questions.heartbeatInterval().toMillis()));
        // on each container: the factory does not hand its own kafkaConsumerProperties on to the containers it makes
        factory.setContainerCustomizer(c -> c.getContainerProperties().setKafkaConsumerProperties(membership));
        deadLetters.ifAvailable(d -> factory.setCommonErrorHandler(d.errorHandler(offsets::deadLettered)));
        return factory;
    }

    @Bean
    MeterBinder questionMeters(QuestionOffsets offsets, AnsweredQuestions answered) {
        return registry -> {
            Gauge.builder("clusterwise.worker.questions.unsettled", offsets, QuestionOffsets::unsettled)
                    .description("Questions read from agent.questions whose answer is not sent yet (their offsets "
                            + "are not committed)").register(registry);
            FunctionCounter.builder("clusterwise.worker.questions.duplicate", answered, AnsweredQuestions::duplicates)
                    .description("Questions read again that this worker had already answered or was answering; "
                            + "not answered twice").register(registry);
        };
    }
}
