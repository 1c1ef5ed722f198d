package io.clusterwise.contracts;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The request/reply headers a question carries, with spring-kafka's names and encodings ({@code KafkaHeaders}), so that
 * a reply's chunks reach only the gateway instance holding the caller's stream. Kept here so the gateway and worker
 * encode them once.
 */
public final class ReplyHeaders {

    /** {@code KafkaHeaders.CORRELATION_ID}: the questionId, UTF-8. */
    public static final String CORRELATION_ID = "kafka_correlationId";
    /** {@code KafkaHeaders.REPLY_TOPIC}: UTF-8 topic name. */
    public static final String REPLY_TOPIC = "kafka_replyTopic";
    /** {@code KafkaHeaders.REPLY_PARTITION}: 4-byte big-endian int. */
    public static final String REPLY_PARTITION = "kafka_replyPartition";

    private ReplyHeaders() {
    }

    public static byte[] encodeString(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encodePartition(int partition) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(partition).array();
    }

    public static Optional<String> string(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    public static Optional<Integer> partition(Headers headers) {
        Header h = headers.lastHeader(REPLY_PARTITION);
        return h == null || h.value() == null || h.value().length != Integer.BYTES ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(h.value()).getInt());
    }
}
