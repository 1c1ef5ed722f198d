package io.clusterwise.contracts;

import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for every clusterwise topic. Throws {@link WireFormatException} for anything that is not a
 * valid envelope of a type the topic carries; wrap it in spring-kafka's {@code ErrorHandlingDeserializer} so a poison
 * record goes to the dead-letter topic instead of stalling the consumer.
 */
public class EnvelopeDeserializer implements Deserializer<Envelope<Payload>> {

    @Override
    public Envelope<Payload> deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // a tombstone
        }
        return WireJson.read(Topic.fromName(topic).orElse(null), data);
    }
}
