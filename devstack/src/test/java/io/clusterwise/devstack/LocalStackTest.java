package io.clusterwise.devstack;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local stack as `up` and the end-to-end tests start it: broker, simulated cluster and the three services in
 * this JVM. (The chat round trip itself is the end-to-end test's business.)
 */
class LocalStackTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldRunEveryPartAndStopThemAllWhenClosed(@TempDir Path workDir) throws Exception {
        String noOllama = "http://127.0.0.1:" + closedPort();
        String gatewayHealth;
        try (LocalStack stack = LocalStack.start(StackOptions.forTests(workDir, noOllama))) {
            gatewayHealth = stack.gatewayUrl() + "/actuator/health";
            assertThat(get(gatewayHealth).statusCode()).isEqualTo(200);
            assertThat(get("http://localhost:" + stack.port(StackPart.INGEST) + "/actuator/health").statusCode())
                    .isEqualTo(200);
            assertThat(get("http://localhost:" + stack.port(StackPart.WORKER) + "/actuator/health").statusCode())
                    .isEqualTo(200);

            Path kubeconfig = stack.kubeconfig().orElseThrow();
            assertThat(kubeconfig).isEqualTo(workDir.resolve(LocalStack.KUBECONFIG_FILE).toAbsolutePath());
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
                assertThat(client.pods().inNamespace("demo").list().getItems())
                        .extracting(Pod::getMetadata).extracting("name").contains("greeter-8f2588814d-a31b9");
            }

            assertThat(stack.ollamaStatus().describe())
                    .isEqualTo("no Ollama at " + noOllama + " — answers will be findings-only until it starts");
            assertThat(StartupBanner.render(stack)).contains(
                    "Chat       " + stack.gatewayUrl(),
                    "Kafka      " + stack.bootstrapServers(),
                    "kubectl --kubeconfig " + workDir.resolve("kubeconfig") + " --cache-dir "
                            + workDir.resolve("kube-cache") + " get pods -A",
                    "no Ollama at " + noOllama);
        }
        assertThatThrownBy(() -> get(gatewayHealth)).isInstanceOf(ConnectException.class);
    }

    @Test
    void shouldStartNothingWhenAFixedPortIsTaken(@TempDir Path workDir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            StackOptions options = StackOptions.forTests(workDir, "http://127.0.0.1:11434").toBuilder()
                    .gatewayPort(taken.getLocalPort()).build();

            assertThatThrownBy(() -> LocalStack.start(options))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + taken.getLocalPort() + " is already in use (chat gateway)");
            assertThat(workDir.resolve(LocalStack.KUBECONFIG_FILE)).doesNotExist();
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
