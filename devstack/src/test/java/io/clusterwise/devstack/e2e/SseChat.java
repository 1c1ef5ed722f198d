package io.clusterwise.devstack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.WireJson;

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
final class SseChat {

    record Event(String name, JsonNode data) {
    }

    record Answer(int status, List<Event> events) {

        List<String> chunkTexts() {
            return events.stream().filter(e -> e.name().equals("chunk")).map(e -> e.data().path("text").asText())
                    .toList();
        }

        Optional<JsonNode> complete() {
            return events.stream().filter(e -> e.name().equals("complete")).map(Event::data).findFirst();
        }

        List<String> names() {
            return events.stream().map(Event::name).toList();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;

    SseChat(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    Answer ask(String question, Duration timeout) throws IOException, InterruptedException {
        String body = WireJson.writeString(java.util.Map.of("question", question));
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
                    events.add(new Event(name, WireJson.mapper().readTree(data.toString())));
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
            events.add(new Event(name, WireJson.mapper().readTree(data.toString())));
        }
        return new Answer(response.statusCode(), events);
    }
}
