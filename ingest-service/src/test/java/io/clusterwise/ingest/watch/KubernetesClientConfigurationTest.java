package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestProperties;
import io.clusterwise.ingest.Kubeconfigs;
import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubernetesClientConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void shouldTalkToServerFromKubeconfigOverHttp1WhenFileIsGiven() {
        Path file = Kubeconfigs.write(dir, "http://127.0.0.1:6443");

        Config config = KubernetesClientConfiguration.clientConfig(ingest(file.toString()));

        assertThat(config.getMasterUrl()).startsWith("http://127.0.0.1:6443");
        assertThat(config.isHttp2Disable()).isTrue();
        assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(3);
        assertThat(config.getRequestRetryBackoffInterval()).isEqualTo(250);
        // kept, so fabric8 can refresh expiring credentials from the file
        assertThat(config.getAutoOAuthToken()).isEqualTo("not-a-real-token");
        assertThat(config.getFile()).isEqualTo(file.toFile());
    }

    @Test
    void shouldFailNamingKeyAndPathWhenKubeconfigFileIsMissing() {
        Path missing = dir.resolve("no-such-kubeconfig");

        assertThatThrownBy(() -> KubernetesClientConfiguration.clientConfig(ingest(missing.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("clusterwise.ingest.kubeconfig: no kubeconfig file at '" + missing + "'");
    }

    @Test
    void shouldFailNamingPathWhenKubeconfigIsADirectory() {
        assertThatThrownBy(() -> KubernetesClientConfiguration.clientConfig(ingest(dir.toString())))
                .hasMessageContaining("'" + dir + "'");
    }

    private static IngestProperties.Ingest ingest(String kubeconfig) {
        return new IngestProperties.Ingest(kubeconfig, List.of(), List.of(), List.of(), 10, Duration.ofMinutes(10),
                IngestProperties.Source.CLUSTER, null, true, 1000, null);
    }
}
