package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Topic;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where the replies to a question or a diagnose request go: the reply topic and partition its headers name, with its
 * correlation id copied.
 *
 * @param partition     null when the request named none: the key's default partitioning then decides
 * @param correlationId the request's correlation id header as received (its questionId or requestId when it had
 *                      none)
 * @param key           the replies' key: the conversation, or the namespace diagnosed
 * @param complete      false when a reply header was missing, so the caller can warn
 */
record ReplyTarget(String topic, Integer partition, byte[] correlationId, String key, boolean complete) {

    static ReplyTarget of(Headers headers, String requestId, String key) {
        String topic = ReplyHeaders.string(headers, ReplyHeaders.REPLY_TOPIC).filter(t -> !t.isBlank())
                .orElse(null);
        Integer partition = ReplyHeaders.partition(headers).orElse(null);
        Header correlation = headers.lastHeader(ReplyHeaders.CORRELATION_ID);
        byte[] id = correlation != null && correlation.value() != null ? correlation.value()
                : ReplyHeaders.encodeString(requestId);
        boolean complete = topic != null && partition != null && correlation != null;
        return new ReplyTarget(topic != null ? topic : Topic.AGENT_REPLIES.topicName(), partition, id, key,
                complete);
    }

    @Override
    public String toString() {
        return topic + (partition == null ? " (partition by key)" : "-" + partition);
    }
}
