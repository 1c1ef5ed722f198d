package io.clusterwise.devstack;

import io.clusterwise.devstack.UpCommandLine.Parsed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UpCommandLineTest {

    @Test
    void shouldUseWellKnownPortsAndSimulatedClusterWhenNoOptionsAreGiven() {
        StackOptions options = run(List.of());

        assertThat(options.gatewayPort()).isEqualTo(8000);
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.ingestPort()).isEqualTo(8081);
        assertThat(options.workerPort()).isEqualTo(8082);
        assertThat(options.cluster()).isEqualTo(ClusterSource.simulated());
        assertThat(options.workDir()).isEqualTo(Path.of(".clusterwise"));
        assertThat(options.ollamaUrl()).isEqualTo(URI.create("http://localhost:11434"));
        assertThat(options.model()).isEqualTo("mistral");
        assertThat(options.liveIncidentEvery()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldTakeEveryOptionInBothSpellingsWhenGiven(@TempDir Path dir) throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("config"), "apiVersion: v1\nkind: Config\n");

        StackOptions options = run(List.of("--port", "8100", "--kafka-port=19092", "--ingest-port", "0",
                "--worker-port", "0", "--ollama-url", "http://gpu-box:11434", "--model=llama3.1:8b",
                "--work-dir", dir.toString(), "--no-live", "--kubeconfig", kubeconfig.toString()));

        assertThat(options.gatewayPort()).isEqualTo(8100);
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.ingestPort()).isZero();
        assertThat(options.workerPort()).isZero();
        assertThat(options.ollamaUrl()).isEqualTo(URI.create("http://gpu-box:11434"));
        assertThat(options.model()).isEqualTo("llama3.1:8b");
        assertThat(options.workDir()).isEqualTo(dir);
        assertThat(options.liveIncidentEvery()).isZero();
        assertThat(options.cluster()).isEqualTo(ClusterSource.kubeconfig(kubeconfig));
    }

    @Test
    void shouldWatchTheEnvironmentsClusterWhenRealClusterIsGiven() {
        assertThat(run(List.of("--real-cluster")).cluster()).isEqualTo(ClusterSource.fromEnvironment());
    }

    @Test
    void shouldRejectOllamaUrlWhenItIsNotHttp() {
        Parsed parsed = UpCommandLine.parse(List.of("--ollama-url", "localhost:11434"));

        assertThat(parsed).isEqualTo(new Parsed.Invalid(
                "--ollama-url must be an http:// or https:// URL, got 'localhost:11434'"));
    }

    @Test
    void shouldRejectPortWhenOutOfRange() {
        assertThat(UpCommandLine.parse(List.of("--port", "70000")))
                .isEqualTo(new Parsed.Invalid("--port must be a port number 0-65535, got '70000'"));
    }

    @Test
    void shouldRejectValueWhenFlagTakesNone() {
        assertThat(UpCommandLine.parse(List.of("--live=yes")))
                .isEqualTo(new Parsed.Invalid("option --live takes no value"));
    }

    @Test
    void shouldWatchTheEnvironmentsClusterWhenKubeconfigVariableIsSet() {
        Parsed parsed = UpCommandLine.parse(List.of(), Map.of("KUBECONFIG", "/home/me/.kube/prod"));

        assertThat(((Parsed.Run) parsed).options().cluster()).isEqualTo(ClusterSource.fromEnvironment());
    }

    @Test
    void shouldUseTheSimulatedClusterWhenSimulatedIsGivenDespiteKubeconfigVariable() {
        Parsed parsed = UpCommandLine.parse(List.of("--simulated"), Map.of("KUBECONFIG", "/home/me/.kube/prod"));

        assertThat(((Parsed.Run) parsed).options().cluster()).isEqualTo(ClusterSource.simulated());
    }

    @Test
    void shouldUseTheSimulatedClusterWhenNoClusterIsNamed() {
        assertThat(run(List.of()).cluster()).isEqualTo(ClusterSource.simulated());
    }

    @Test
    void shouldRejectSimulatedWhenCombinedWithRealCluster() {
        assertThat(UpCommandLine.parse(List.of("--simulated", "--real-cluster"), Map.of()))
                .isEqualTo(new Parsed.Invalid("--simulated cannot be combined with --kubeconfig or --real-cluster"));
    }

    private static StackOptions run(List<String> args) {
        Parsed parsed = UpCommandLine.parse(args, Map.of());
        assertThat(parsed).isInstanceOf(Parsed.Run.class);
        return ((Parsed.Run) parsed).options();
    }
}
