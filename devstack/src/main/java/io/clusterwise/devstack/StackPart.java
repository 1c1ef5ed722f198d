package io.clusterwise.devstack;

/** The parts of the local stack that listen on a port of their own. */
public enum StackPart {
    KAFKA("Kafka"),
    GATEWAY("chat gateway"),
    INGEST("ingest-service"),
    WORKER("agent-worker");

    private final String displayName;

    StackPart(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
