package io.clusterwise.testsupport.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;

    public SseChat(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

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
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line : (Iterable<String>) response.body()::iterator) {
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
        return new Answer(response.statusCode(), events);
    }
}
