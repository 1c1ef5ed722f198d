package io.clusterwise.gateway.testing;

import io.clusterwise.gateway.ChatGatewayApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;

/** A whole gateway, started the way the local stack starts it ({@code ChatGatewayApplication.builder().run(...)}). */
public final class RunningGateway implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningGateway(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public static RunningGateway start(String bootstrapServers, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
        if (all.stream().noneMatch(arg -> arg.startsWith("--server.port="))) {
            all.add("--server.port=0");
        }
        return new RunningGateway(ChatGatewayApplication.builder().run(all.toArray(String[]::new)));
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** A GET whose response the test waits for later (e.g. one that waits for the worker the test plays). */
    public CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build());
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE().build());
    }

    public boolean isReady() {
        return get("/actuator/health/readiness").statusCode() == 200;
    }

    public RunningGateway awaitReady(Duration atMost) {
        await().atMost(atMost).until(this::isReady);
        return this;
    }

    @Override
    public void close() {
        context.close();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
