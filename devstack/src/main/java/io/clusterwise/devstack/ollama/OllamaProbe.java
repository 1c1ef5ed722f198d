package io.clusterwise.devstack.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks Ollama which models it has ({@code GET /api/tags}) so {@code up} can say at start-up whether answers will come
 * from the model or be findings-only. Only a hint for people: the worker itself degrades whatever happens later.
 */
public final class OllamaProbe {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private OllamaProbe() {
    }

    public static OllamaStatus probe(URI baseUrl, String model, Duration timeout) {
        URI tags = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/api/tags");
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(tags).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new OllamaStatus.Unreachable(baseUrl, model, "HTTP " + response.statusCode() + " from /api/tags");
            }
            return listed(JSON.readTree(response.body()), model)
                    ? new OllamaStatus.Available(baseUrl, model)
                    : new OllamaStatus.ModelMissing(baseUrl, model);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return new OllamaStatus.Unreachable(baseUrl, model, null);
        } catch (HttpTimeoutException e) {
            return new OllamaStatus.Unreachable(baseUrl, model, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new OllamaStatus.Unreachable(baseUrl, model, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OllamaStatus.Unreachable(baseUrl, model, "interrupted");
        }
    }

    /** Whether {@code /api/tags} lists {@code model}; a name without a tag means {@code :latest}, as in Ollama. */
    static boolean listed(JsonNode tags, String model) {
        String wanted = model.contains(":") ? model : model + ":latest";
        for (JsonNode m : tags.path("models")) {
            String name = m.path("name").asText(m.path("model").asText());
            if (name.equals(model) || name.equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
