package io.clusterwise.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code clusterwise diagnose} through {@link Main}, on the shared crash-looping greeter dump and on bad input. */
class DiagnoseCommandTest {

    private static final Path SAMPLE = Path.of("/work/shared/samples/crashloop-greeter.json");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void shouldPrintTheGreeterCrashLoopAsOneJsonIncidentNamedAfterItsDeploymentWhenAskedForJson() throws IOException {
        int code = main.run(new String[] {"diagnose", "--file", SAMPLE.toString(), "--json"});

        assertThat(code).isZero();
        assertThat(stderr()).isEmpty();
        JsonNode incidents = WireJson.mapper().readTree(stdout());
        assertThat(incidents.isArray()).isTrue();
        assertThat(incidents).hasSize(1);
        JsonNode greeter = incidents.get(0);
        assertThat(greeter.path("analyzer").asText()).isEqualTo("crash-loop");
        assertThat(greeter.path("severity").asText()).isEqualTo("critical");
        assertThat(greeter.path("namespace").asText()).isEqualTo("demo");
        assertThat(greeter.path("kind").asText()).isEqualTo("Deployment");
        assertThat(greeter.path("name").asText()).isEqualTo("greeter");
        assertThat(greeter.path("reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(greeter.path("count").asInt()).isGreaterThanOrEqualTo(9);
        assertThat(greeter.path("firstSeen").asText()).startsWith("2026-11-20T09:");
        assertThat(greeter.path("lastSeen").asText()).startsWith("2026-11-20T09:5");
        assertThat(greeter.path("summary").asText()).contains("greeter", "crash-looping", "exit code");
        assertThat(greeter.path("evidence").isArray()).isTrue();
        assertThat(greeter.path("evidence")).isNotEmpty();
        assertThat(greeter.path("evidence").toString()).contains("greeter-8f2588814d-a31b9");
    }

    @Test
    void shouldPrintAReadableIncidentWhenRunWithoutJson() {
        int code = main.run(new String[] {"diagnose", "--file", SAMPLE.toString()});

        assertThat(code).isZero();
        assertThat(stdout()).startsWith("1 incident in " + SAMPLE)
                .contains("[critical] CrashLoopBackOff — Deployment/demo/greeter", "evidence:",
                        "fingerprint: CrashLoopBackOff:Deployment/demo/greeter");
    }

    @Test
    void shouldSayNoIncidentsWhenTheDumpIsHealthy(@TempDir Path dir) throws IOException {
        Path healthy = dir.resolve("healthy.json");
        Files.writeString(healthy, """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "worker-1", "uid": "n-1"},
                   "status": {"conditions": [{"type": "Ready", "status": "True",
                     "lastTransitionTime": "2026-11-20T08:00:00Z", "lastHeartbeatTime": "2026-11-20T09:00:00Z"}]}}
                ]}""");

        int code = main.run(new String[] {"diagnose", "--file", healthy.toString()});

        assertThat(code).isZero();
        assertThat(stdout()).startsWith("No incidents in " + healthy);
    }

    @Test
    void shouldExitWithTwoAndSayWhereWhenTheDumpIsNotJson(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"kind\": \"List\", \"items\": [ {\"kind\": \"Pod\" ");

        int code = main.run(new String[] {"diagnose", "--file", broken.toString(), "--json"});

        assertThat(code).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).startsWith("clusterwise diagnose: cannot read " + broken + ": ").containsPattern("\\d+:\\d+");
    }

    @Test
    void shouldExitWithTwoWhenTheFileIsMissingOrNotGiven() {
        assertThat(main.run(new String[] {"diagnose", "--file", "/no/such/dump.json"})).isEqualTo(2);
        assertThat(stderr()).contains("no such file");

        assertThat(main.run(new String[] {"diagnose", "--json"})).isEqualTo(2);
        assertThat(stderr()).contains("--file is required", "Usage: clusterwise diagnose");
    }

    @Test
    void shouldPrintItsHelpWhenAskedForIt() {
        assertThat(main.run(new String[] {"diagnose", "--help"})).isZero();
        assertThat(stdout()).startsWith("Usage: clusterwise diagnose --file DUMP [--json]");
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
