package io.clusterwise.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up refuses bad configuration with a message that names what to fix. */
class IngestServiceStartupTests {

    @TempDir
    Path dir;

    @Test
    void shouldFailStartupNamingPathWhenKubeconfigFileIsMissing() {
        Path missing = dir.resolve("kube").resolve("config");

        assertThatThrownBy(() -> IngestServiceApplication.builder().run("--server.port=0",
                "--spring.kafka.bootstrap-servers=localhost:1", "--clusterwise.ingest.kubeconfig=" + missing))
                .rootCause()
                .hasMessage("clusterwise.ingest.kubeconfig: no kubeconfig file at '" + missing + "'");
    }

    @Test
    void shouldFailStartupNamingKeyWhenQueueCapacityIsZero() {
        assertThatThrownBy(() -> IngestServiceApplication.builder().run("--server.port=0",
                "--spring.kafka.bootstrap-servers=localhost:1", "--clusterwise.ingest.queue-capacity=0"))
                .rootCause()
                .hasMessage("clusterwise.ingest.queue-capacity must be at least 1, was 0");
    }
}
