package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ReplyHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyListenerTest {

    @Test
    void shouldMatchByTheHeaderAndElseByTheRequestIdWhenAReplyArrives() {
        ConsumerRecord<String, String> headed = new ConsumerRecord<>("agent.replies", 0, 0L, "k", "v");
        headed.headers().add(ReplyHeaders.CORRELATION_ID, "q-1".getBytes(StandardCharsets.UTF_8));

        assertThat(ReplyListener.correlationId(headed, "q-other")).isEqualTo("q-1");
        assertThat(ReplyListener.correlationId(new ConsumerRecord<>("agent.replies", 0, 1L, "k", "v"), "q-2"))
                .isEqualTo("q-2");
    }

    @Test
    void shouldRefuseAReplySoItIsDeadLetteredWhenItNamesNoRequestAtAll() {
        assertThatThrownBy(() -> ReplyListener.correlationId(new ConsumerRecord<>("agent.replies", 0, 2L, "k", "v"),
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafka_correlationId");
    }
}
