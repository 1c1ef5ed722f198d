package io.clusterwise.devstack.cluster;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the end of every watch ({@code onClosed}, {@code onFailure}) off the mock server's single event loop.
 * <p>
 * fabric8 7.9's CRUD watch listener ({@code WatchEventsListener}) waits in {@code onClosed}, on the event loop, up to a
 * minute for its own sender thread to finish — and that thread may be waiting up to 30 s
 * ({@code VertxMockWebSocket.awaitWrite}) for the event loop to flush a watch event. A watch closed while an event is
 * being written (an informer stopping while the live incident ticks, the ingest service shutting down) then froze the
 * whole simulated API for 30 s, and closing the cluster meanwhile failed with "Unable to close MockWebServer".
 */
final class WatchCloser implements AutoCloseable {

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "simulated-cluster-watch-close");
        t.setDaemon(true);
        return t;
    });

    /** {@code listener}, except that its end runs on a thread of this closer instead of the caller's. */
    WebSocketListener offEventLoop(WebSocketListener listener) {
        return new OffEventLoop(listener);
    }

    /** Call after the server has stopped: the ends still running finish by themselves. */
    @Override
    public void close() {
        executor.shutdown();
    }

    private void run(Runnable end) {
        try {
            executor.execute(end);
        } catch (RejectedExecutionException closed) {
            end.run(); // the server is gone already: nothing left to block
        }
    }

    private final class OffEventLoop extends WebSocketListener {

        private final WebSocketListener delegate;

        OffEventLoop(WebSocketListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            delegate.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            delegate.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            delegate.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            delegate.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            delegate.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            run(() -> delegate.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            run(() -> delegate.onFailure(webSocket, failure, response));
        }
    }
}
