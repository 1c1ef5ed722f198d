package io.clusterwise.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a kubeconfig file that points at a (mock) API server over plain HTTP, as a user's kubeconfig would. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    public static Path write(Path dir, String serverUrl) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: simulated
                  cluster:
                    server: %s
                contexts:
                - name: simulated
                  context:
                    cluster: simulated
                    user: clusterwise-ingest
                    namespace: default
                current-context: simulated
                users:
                - name: clusterwise-ingest
                  user:
                    token: not-a-real-token
                """.formatted(serverUrl);
        try {
            return Files.writeString(dir.resolve("kubeconfig"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
