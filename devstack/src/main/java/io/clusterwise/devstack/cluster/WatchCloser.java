package io.clusterwise.devstack.cluster;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>
 * The same listener leaves the CRUD dispatcher's set of watches only at the very end of {@code onClosed}, after it
 * has shut its sender down (and waited for it): a write in that window fails inside the dispatcher with a
 * {@code RejectedExecutionException} and its request is never answered (the client times out after the object was
 * stored, and the watches after the closing one are not told). So a closing watch leaves that set first, before
 * its {@code onClosed} runs. The set is a private field of fabric8's listener, reached by reflection; if a fabric8
 * version renames it, watches end as before.
 * <p>
 * Since it sees every watch open and end, it also keeps the open ones, so {@link #expireAll()} can end them the way
 * an API server ends a watch whose resourceVersion has been compacted away.
 */
final class WatchCloser implements AutoCloseable {

    /** The watch event an API server sends before it ends a watch on a resourceVersion it no longer has. */
    static final String EXPIRED = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version (expired by the "
            + "simulated cluster)\",\"reason\":\"Expired\",\"code\":410}}";

    private static final String CRUD_WATCH_LISTENER = "io.fabric8.kubernetes.client.server.mock.WatchEventsListener";
    private static final Field CRUD_WATCHES = crudWatchesField();

    private final Set<WebSocket> open = ConcurrentHashMap.newKeySet();

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "simulated-cluster-watch-close");
        t.setDaemon(true);
        return t;
    });

    /** {@code listener}, except that its end runs on a thread of this closer instead of the caller's. */
    WebSocketListener offEventLoop(WebSocketListener listener) {
        return new OffEventLoop(listener);
    }

    /**
     * Ends every open watch with {@link #EXPIRED} (410 Gone) and a close; a client has to list again before it
     * watches anew (a fabric8 informer relists). Returns how many watches were ended.
     */
    int expireAll() {
        List<WebSocket> watches = List.copyOf(open);
        for (WebSocket watch : watches) {
            open.remove(watch);
            watch.send(EXPIRED);
            watch.close(1000, "watch expired");
        }
        return watches.size();
    }

    /** Call after the server has stopped: the ends still running finish by themselves. */
    @Override
    public void close() {
        executor.shutdown();
    }

    /** fabric8's (package-private) CRUD watch listener's set of all watches, or null if this fabric8 has none. */
    private static Field crudWatchesField() {
        try {
            Field field = Class.forName(CRUD_WATCH_LISTENER).getDeclaredField("watchEventListenerList");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Takes a CRUD watch out of the dispatcher's set, so no write hands it an event while it shuts down. */
    private static void leaveCrudWatches(WebSocketListener listener) {
        if (CRUD_WATCHES != null && listener.getClass().getName().equals(CRUD_WATCH_LISTENER)) {
            try {
                ((Set<?>) CRUD_WATCHES.get(listener)).remove(listener);
            } catch (IllegalAccessException | RuntimeException ignored) {
                // its own onClosed removes it, later
            }
        }
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
            open.add(webSocket);
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
            open.remove(webSocket);
            leaveCrudWatches(delegate);
            run(() -> delegate.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            open.remove(webSocket);
            leaveCrudWatches(delegate);
            run(() -> delegate.onFailure(webSocket, failure, response));
        }
    }
}
