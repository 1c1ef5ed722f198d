package io.clusterwise.contracts;

import org.apache.kafka.common.errors.SerializationException;

/** A record that is not a valid clusterwise envelope. Never worth retrying: dead-letter it. */
public class WireFormatException extends SerializationException {

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
