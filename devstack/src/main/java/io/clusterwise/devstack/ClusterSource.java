package io.clusterwise.devstack;

import java.nio.file.Path;
import java.util.Objects;

/** Which Kubernetes API the local stack's ingest service watches. */
public sealed interface ClusterSource {

    /** The simulated cluster (fabric8 CRUD mock, seeded with the greeter incident), started by the stack. */
    static ClusterSource simulated() {
        return new Simulated();
    }

    /** A real cluster from this kubeconfig file (read-only watch). */
    static ClusterSource kubeconfig(Path file) {
        return new Kubeconfig(file);
    }

    /** A real cluster found the way kubectl finds it: {@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster. */
    static ClusterSource fromEnvironment() {
        return new FromEnvironment();
    }

    record Simulated() implements ClusterSource {
    }

    record Kubeconfig(Path file) implements ClusterSource {
        public Kubeconfig {
            Objects.requireNonNull(file, "file");
        }
    }

    record FromEnvironment() implements ClusterSource {
    }
}
