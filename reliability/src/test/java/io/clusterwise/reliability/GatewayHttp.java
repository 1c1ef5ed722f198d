package io.clusterwise.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Plain HTTP requests to a gateway as any client sends them (bodies as bytes, so they need not be valid UTF-8). */
final class GatewayHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    GatewayHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET(), Map.of());
    }

    HttpResponse<String> postJson(String path, String json) {
        return send("POST", path, Map.of("Content-Type", "application/json"),
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Any method, headers and body; {@code body} null sends none. */
    HttpResponse<String> send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).method(method, publisher), headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> headers) {
        request.timeout(TIMEOUT);
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
