package io.clusterwise.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void shouldExitWithUsageErrorWhenOptionIsUnknown() {
        int code = main.run(new String[] {"up", "--bogus"});

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).startsWith("clusterwise up: unknown option --bogus").contains("Usage: clusterwise up");
    }

    @Test
    void shouldExitWithUsageErrorWhenOptionLacksItsValue() {
        int code = main.run(new String[] {"up", "--port"});

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).startsWith("clusterwise up: option --port needs a value (--port N)");
    }

    @Test
    void shouldExitWithUsageErrorWhenPortIsNotANumber() {
        int code = main.run(new String[] {"up", "--kafka-port=abc"});

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).startsWith("clusterwise up: --kafka-port must be a port number 0-65535, got 'abc'");
    }

    @Test
    void shouldExitWithUsageErrorWhenKubeconfigDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        int code = main.run(new String[] {"up", "--kubeconfig", missing.toString()});

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).startsWith("clusterwise up: --kubeconfig " + missing + ": no such file");
    }

    @Test
    void shouldExitWithUsageErrorWhenBothRealClusterOptionsAreGiven(@TempDir Path dir) throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("config"), "apiVersion: v1\nkind: Config\n");

        int code = main.run(new String[] {"up", "--kubeconfig", kubeconfig.toString(), "--real-cluster"});

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).contains("--kubeconfig and --real-cluster cannot be combined");
    }

    @Test
    void shouldExitWithUsageErrorWhenCommandIsUnknown() {
        int code = main.run(new String[] {"deploy"});

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).startsWith("clusterwise: unknown command 'deploy'").contains("Commands:");
    }

    @Test
    void shouldPrintUsageAndExitWithUsageErrorWhenNoCommandIsGiven() {
        int code = main.run(new String[0]);

        assertThat(code).isEqualTo(2);
        assertThat(stderr()).startsWith("Usage: clusterwise <command>");
    }

    @Test
    void shouldListEveryOptionWhenAskedForHelp() {
        int code = main.run(new String[] {"up", "--help"});

        assertThat(code).isZero();
        assertThat(stdout()).contains("--kubeconfig PATH", "--real-cluster", "--port N", "--kafka-port N",
                "--ingest-port N", "--worker-port N", "--ollama-url URL", "--model NAME", "--work-dir DIR",
                "--live", "--no-live", "--help");
    }

    @Test
    void shouldNameTheTakenPortAndItsOptionWhenKafkaPortIsInUse(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int code = main.run(new String[] {"up", "--kafka-port", Integer.toString(taken.getLocalPort()),
                    "--port", "0", "--ingest-port", "0", "--worker-port", "0", "--work-dir", dir.toString()});

            assertThat(code).isEqualTo(1);
            assertThat(stderr()).isEqualTo("clusterwise up: port " + taken.getLocalPort()
                    + " is already in use (Kafka); choose another with --kafka-port N (0 picks a free one)\n");
        }
    }

    @Test
    void shouldPrintTheSameHelpAsTheRootScriptWhenAskedForHelp() throws Exception {
        Path script = Path.of("..", "clusterwise");
        assumeTrue(Files.isExecutable(script), "the root script ../clusterwise is not there");
        Process process = new ProcessBuilder("bash", script.toString(), "help").redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String scriptHelp = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(main.run(new String[] {"help"})).isZero();

        assertThat(scriptHelp).isEqualTo(stdout());
        assertThat(process.exitValue()).isZero();
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
