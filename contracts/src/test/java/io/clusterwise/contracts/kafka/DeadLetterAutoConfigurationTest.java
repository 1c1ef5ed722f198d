package io.clusterwise.contracts.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void shouldSkipARecordWhoseDeadLetterIsTooLargeInsteadOfRetryingItForEver() {
        var record = new ConsumerRecord<Object, Object>("agent.questions", 2, 4L, "k", new byte[900_000]);
        assertThatCode(() -> DeadLetters.deadLetterOrSkip((r, e) -> {
            throw new KafkaException("Send failed", new RecordTooLargeException("The message is 2105285 bytes"));
        }, record, new IllegalArgumentException("poison"))).doesNotThrowAnyException();
    }

    @Test
    void shouldRethrowWhenDeadLetteringFailsForAReasonThatMayPass() {
        var record = new ConsumerRecord<Object, Object>("agent.questions", 2, 4L, "k", "v");
        assertThatThrownBy(() -> DeadLetters.deadLetterOrSkip((r, e) -> {
            throw new KafkaException("Send failed", new TimeoutException("broker away"));
        }, record, new IllegalArgumentException("poison"))).isInstanceOf(KafkaException.class);
    }

    @Test
    void shouldBoundTheExceptionHeadersWhenTheMessageQuotesAHugePoisonValue() {
        String huge = "x".repeat(700_000);
        Exception ex = new IllegalStateException("listener failed",
                new IllegalArgumentException("no String-argument constructor for value ('" + huge + "')"));
        Exception direct = new IllegalArgumentException("cannot read ('" + huge + "')");

        assertThat(DeadLetters.message(direct)).hasSizeLessThan(DeadLetters.MAX_MESSAGE_CHARS + 40)
                .startsWith("cannot read ('xxx").contains("more chars");
        assertThat(DeadLetters.stackTrace(ex)).hasSizeLessThan(DeadLetters.MAX_STACKTRACE_CHARS + 40)
                .startsWith("java.lang.IllegalStateException: listener failed");
    }
}
