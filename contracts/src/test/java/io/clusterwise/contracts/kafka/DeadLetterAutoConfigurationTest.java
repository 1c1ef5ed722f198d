package io.clusterwise.contracts.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DeadLetterAutoConfiguration.class));

    @Test
    void shouldProvideDeadLetteringErrorHandlerWhenServiceUsesKafka() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(DefaultErrorHandler.class);
        });
    }

    @Test
    void shouldBackOffWhenServiceDefinesItsOwnErrorHandler() {
        runner.withBean("own", CommonErrorHandler.class, () -> new DefaultErrorHandler())
                .run(context -> assertThat(context).hasNotFailed().getBean(CommonErrorHandler.class)
                        .isSameAs(context.getBean("own")));
    }

    @Test
    void shouldSendDeadLettersToTheContractsDltOnTheSamePartition() {
        var destination = DeadLetterAutoConfiguration.deadLetterDestination(
                new ConsumerRecord<>("agent.questions", 4, 17L, "k", "v"), new IllegalStateException());
        assertThat(destination.topic()).isEqualTo("agent.questions-dlt");
        assertThat(destination.partition()).isEqualTo(4);
    }
}
