package io.clusterwise.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real HTTP client for the gateway's SSE endpoints: reads the body on its own thread into a queue of events. */
public final class SseClient {

    /** One server-sent event; {@link #END} marks the end of the body. */
    public record SseEvent(String name, String data) {
        static final SseEvent END = new SseEvent("<end of stream>", "");

        public boolean isEnd() {
            return this == END;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SseClient() {
    }

    public static SseStream post(URI uri, String json) {
        return open(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build());
    }

    public static SseStream get(URI uri) {
        return open(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build());
    }

    private static SseStream open(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new SseStream(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static final class SseStream implements AutoCloseable {

        private final HttpResponse<InputStream> response;
        private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();

        SseStream(HttpResponse<InputStream> response) {
            this.response = response;
            Thread reader = new Thread(this::read, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        public int status() {
            return response.statusCode();
        }

        public String contentType() {
            return response.headers().firstValue("Content-Type").orElse("");
        }

        /** The next event, or fails the test when none comes within {@code timeout}. */
        public SseEvent next(Duration timeout) {
            try {
                SseEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    throw new AssertionError("no server-sent event within " + timeout);
                }
                return event;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Every event up to the end of the body. */
        public List<SseEvent> untilEnd(Duration timeout) {
            List<SseEvent> all = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (SseEvent e = next(timeout); !e.isEnd(); e = next(Duration.ofNanos(deadline - System.nanoTime()))) {
                all.add(e);
            }
            return all;
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            events.add(new SseEvent(name == null ? "message" : name, data.toString()));
                        }
                        name = null;
                        data = null;
                    } else if (line.startsWith("event:")) {
                        name = line.substring("event:".length()).strip();
                    } else if (line.startsWith("data:")) {
                        String value = line.substring("data:".length());
                        value = value.startsWith(" ") ? value.substring(1) : value;
                        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    }
                }
            } catch (IOException e) {
                // the body was closed or broke off: that is the end of the stream for the test
            } finally {
                events.add(SseEvent.END);
            }
        }
    }
}
