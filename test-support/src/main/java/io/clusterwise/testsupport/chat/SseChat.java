package io.clusterwise.testsupport.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A chat client as a browser's fetch() would be: POST /api/chat and read the Server-Sent Events to the end. */
public final class SseChat {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Event(String name, JsonNode data) {
    }

    public record Answer(int status, List<Event> events) {

        public List<String> chunkTexts() {
            return events.stream().filter(e -> e.name().equals("chunk")).map(e -> e.data().path("text").asText())
                    .toList();
        }

        public Optional<JsonNode> complete() {
            return events.stream().filter(e -> e.name().equals("complete")).map(Event::data).findFirst();
        }

        public List<String> names() {
            return events.stream().map(Event::name).toList();
        }
    }

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-chat-deadline");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;

    public SseChat(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    /**
     * Asks and reads the stream to its end.
     *
     * @param timeout the bound on the whole exchange, headers and stream
     * @throws AssertionError when the stream has not ended within {@code timeout} (the events read so far are named)
     */
    public Answer ask(String question, Duration timeout) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("question", question));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/chat"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        List<Event> events = new ArrayList<>();
        // the request timeout bounds only the wait for the headers: the whole stream gets the same bound, after
        // which the reading thread is interrupted (a blocked read of the body wakes only so) and the body closed
        AtomicReference<String> state = new AtomicReference<>("reading");
        Thread reader = Thread.currentThread();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            if (state.compareAndSet("reading", "cut")) {
                reader.interrupt();
                response.body().close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            readEvents(response.body(), events);
        } catch (IOException | RuntimeException e) {
            if (!"cut".equals(state.get())) {
                throw e;
            }
        } finally {
            if (!state.compareAndSet("reading", "done")) {
                awaitQuietly(deadline); // its interrupt has happened once it is done: then clear it
                Thread.interrupted();
            }
            deadline.cancel(false);
        }
        if ("cut".equals(state.get())) {
            // an assertion, as a user's verdict on a chat that never ends: an Awaitility untilAsserted asks again
            throw new AssertionError("the chat stream did not end within " + timeout + "; events so far: "
                    + events.stream().map(Event::name).toList());
        }
        return new Answer(response.statusCode(), events);
    }

    private static void awaitQuietly(ScheduledFuture<?> task) {
        while (true) {
            try {
                task.get();
                return;
            } catch (InterruptedException e) {
                // the interrupt was the deadline's own; it is cleared by the caller
            } catch (ExecutionException | CancellationException e) {
                return;
            }
        }
    }

    private static void readEvents(Stream<String> lines, List<Event> events) throws IOException {
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    events.add(new Event(name, JSON.readTree(data.toString())));
                }
                name = "message";
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring("data:".length()).stripLeading());
            }
        }
        if (!data.isEmpty()) {
            events.add(new Event(name, JSON.readTree(data.toString())));
        }
    }
}
