package io.clusterwise.devstack.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A seeded {@link SimulatedCluster} on a free port and one client of it, shared by a test class:
 * {@code @RegisterExtension static final SeededCluster seeded = new SeededCluster();} starts both before the class and
 * closes them after it.
 */
final class SeededCluster implements BeforeAllCallback, AfterAllCallback {

    private SimulatedCluster cluster;
    private KubernetesClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = SimulatedCluster.start(0);
        client = cluster.client();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    SimulatedCluster cluster() {
        return cluster;
    }

    KubernetesClient client() {
        return client;
    }
}
