package io.clusterwise.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The repository the tests run in: its root, the platform's kustomizations, the argocd directory ({@link PlatformRepo}). */
final class Repo {

    static final Path ROOT = PlatformRepo.root();
    static final Path PLATFORM = ROOT.resolve("platform");
    static final Path BASE = PLATFORM.resolve("base");
    static final Path OVERLAYS = PLATFORM.resolve("overlays");
    static final Path COMPONENTS = PLATFORM.resolve("components");
    static final Path ARGOCD = ROOT.resolve("argocd");
    static final Path WORKFLOWS = ROOT.resolve(".github/workflows");

    /** Kustomize names the Namespace's objects land in (base kustomization's {@code namespace}). */
    static final String NAMESPACE = "clusterwise";
    /** The Strimzi Kafka cluster: KafkaTopic/KafkaUser label {@code strimzi.io/cluster}, secret name prefix. */
    static final String KAFKA_CLUSTER = "clusterwise";

    private Repo() {
    }

    /** A deliberately broken manifest under src/test/resources/fixtures, for the negative tests of the rules. */
    static Path fixture(String name) {
        return PLATFORM.resolve("src/test/resources/fixtures").resolve(name);
    }

    /** Every overlay directory (platform/overlays/*), sorted. */
    static List<Path> overlays() {
        return PlatformRepo.overlays();
    }

    static List<Path> components() {
        return PlatformRepo.components();
    }

    /** The base's manifests as written (patches of overlays not applied). */
    static Manifests base() {
        return PlatformRepo.base();
    }

    static Manifests argocd() {
        return Manifests.of(Kustomization.load(ARGOCD).resolve());
    }

    /** Every kustomization reachable from an overlay, a component or argocd/. */
    static List<Kustomization> allKustomizations() {
        List<Kustomization> all = new ArrayList<>();
        for (Path dir : roots()) {
            for (Kustomization k : Kustomization.load(dir).tree()) {
                if (all.stream().noneMatch(known -> known.dir().equals(k.dir()))) {
                    all.add(k);
                }
            }
        }
        return all;
    }

    /** The kustomizations nobody includes: the overlays, the components, argocd/. */
    static List<Path> roots() {
        List<Path> roots = new ArrayList<>(overlays());
        roots.addAll(components());
        roots.add(ARGOCD);
        return roots;
    }
}
