package io.clusterwise.contracts;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer for every clusterwise topic; refuses a payload the target topic does not carry. */
public class EnvelopeSerializer implements Serializer<Envelope<?>> {

    @Override
    public byte[] serialize(String topic, Envelope<?> envelope) {
        if (envelope == null) {
            return null; // a tombstone
        }
        Topic.fromName(topic).ifPresent(t -> {
            PayloadType type = PayloadType.of(envelope.data());
            if (!t.carries(type)) {
                throw new WireFormatException("type '" + type.tag() + "' does not belong on " + topic);
            }
        });
        return WireJson.write(envelope);
    }
}
