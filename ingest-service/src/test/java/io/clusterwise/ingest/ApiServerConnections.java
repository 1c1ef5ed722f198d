package io.clusterwise.ingest;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.MockWebServerListener;
import io.fabric8.mockwebserver.http.RecordedHttpConnection;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Counts the mock API server's open client connections, so a test stops the server only after its clients have gone.
 * <p>
 * fabric8 7.9's CRUD watch listener can hold the server's single event loop for up to 30 s when a watch closes while
 * an event is being written to it (devstack's {@code WatchCloser} explains the deadlock). Destroying the server in that
 * window fails after 10 s with "Unable to close MockWebServer" — a teardown failure, not a behaviour of ingest. The
 * connection's end is reported on that same event loop, so waiting for every connection to end waits the freeze out.
 */
public final class ApiServerConnections implements MockWebServerListener {

    private final AtomicInteger open = new AtomicInteger();

    /** A mock web server whose connections this counts. */
    public static ApiServerConnections on(MockWebServer http) {
        ApiServerConnections connections = new ApiServerConnections();
        http.addListener(connections);
        return connections;
    }

    @Override
    public void onConnection(RecordedHttpConnection connection) {
        open.incrementAndGet();
    }

    @Override
    public void onConnectionClosed(RecordedHttpConnection connection) {
        open.decrementAndGet();
    }

    /**
     * Waits until every client connection has ended (call after the clients are closed, before the server), at most
     * 45 s — longer than the freeze. A connection still open after that is a client a test never closed: the server's
     * own close then reports it.
     */
    public void awaitAllClosed() {
        try {
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50)).until(() -> open.get() <= 0);
        } catch (ConditionTimeoutException stillOpen) {
            // destroy() follows and fails loudly if the server cannot close with this connection open
        }
    }
}
