package io.clusterwise.devstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.EnumMap;
import java.util.Map;

/**
 * Checks every fixed port before anything starts, so a taken port is reported by name (and nothing is left half
 * started) instead of surfacing as a bind error from deep inside Kafka or Tomcat. Port 0 means "any free port".
 */
final class Ports {

    private Ports() {
    }

    static void requireFree(Map<StackPart, Integer> ports) {
        Map<Integer, StackPart> seen = new java.util.HashMap<>();
        for (Map.Entry<StackPart, Integer> e : new EnumMap<>(ports).entrySet()) {
            int port = e.getValue();
            if (port == 0) {
                continue;
            }
            StackPart other = seen.putIfAbsent(port, e.getKey());
            if (other != null) {
                throw new IllegalArgumentException("port " + port + " is given to both " + other.displayName()
                        + " and " + e.getKey().displayName());
            }
            if (!free(port)) {
                throw new PortInUseException(port, e.getKey());
            }
        }
    }

    /** Whether a listening socket can be bound to {@code port} on every interface right now. */
    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
