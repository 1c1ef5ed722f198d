package io.clusterwise.gateway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port on loopback that refuses connections until {@link #open(int)}, then forwards each one to the target
 * port. As a Kafka bootstrap address it makes "Kafka is not reachable yet" real: clients get no metadata until the
 * gate opens (and afterwards talk to the broker's advertised address directly).
 */
public final class PortForwarder implements AutoCloseable {

    private final int port;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    public PortForwarder() {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public void open(int targetPort) {
        try {
            ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            open.add(server);
            daemon("forward-accept", () -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        open.add(client);
                        open.add(target);
                        daemon("forward-in", () -> pipe(client, target));
                        daemon("forward-out", () -> pipe(target, client));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed: the connection is over
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }
}
