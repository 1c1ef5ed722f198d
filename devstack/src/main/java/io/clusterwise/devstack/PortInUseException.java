package io.clusterwise.devstack;

/** A port the local stack was told to use is taken; {@link #part()} says which part of the stack wanted it. */
public final class PortInUseException extends RuntimeException {

    private final int port;
    private final StackPart part;

    PortInUseException(int port, StackPart part) {
        super("port " + port + " is already in use (" + part.displayName() + ")");
        this.port = port;
        this.part = part;
    }

    public int port() {
        return port;
    }

    public StackPart part() {
        return part;
    }
}
