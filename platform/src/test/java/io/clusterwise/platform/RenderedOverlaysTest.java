package io.clusterwise.platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What kustomize really produces (patches, generators, namespace, image pins applied), when kubectl is on the PATH:
 * each overlay, and prod with every optional component. Without kubectl these tests are skipped and say so.
 */
class RenderedOverlaysTest {

    private static Map<String, Manifests> rendered;

    @BeforeAll
    static void render() throws IOException {
        Optional<Kubectl> kubectl = Kubectl.onPath();
        if (kubectl.isEmpty()) {
            System.out.println("RenderedOverlaysTest: kubectl not found on the PATH: rendering platform/overlays/* with "
                    + "`kubectl kustomize` was SKIPPED (the rules were checked on the files as written)");
            return;
        }
        rendered = new LinkedHashMap<>();
        for (Path overlay : Repo.overlays()) {
            rendered.put(overlay.getFileName().toString(), Manifests.of(kubectl.get().kustomize(overlay)));
        }
        rendered.put("prod+components", Manifests.of(kubectl.get().kustomize(prodWithAllComponents())));
        System.out.println("RenderedOverlaysTest: rendered with " + kubectl.get().executable() + ": " + rendered.keySet());
    }

    @Test
    void shouldKeepEveryWorkloadRestrictedWhenOverlaysArePatched() {
        forEachRendering((name, manifests) -> {
            assertThat(manifests.workloads()).as(name).hasSize(4);
            manifests.workloads().forEach(w -> assertThat(PodRules.violations(w)).as("%s in %s", w, name).isEmpty());
            manifests.workloads().forEach(w -> assertThat(PodRules.mountsToken(w, manifests))
                    .as("%s token in %s", w, name).isEqualTo(w.name().equals("ingest-service")));
            manifests.ofKind("ClusterRole", "Role").forEach(r -> assertThat(RbacRules.violations(r)).isEmpty());
        });
    }

    @Test
    void shouldPutEveryNamespacedObjectInTheClusterwiseNamespaceWhenRendered() {
        Set<String> clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");
        forEachRendering((name, manifests) -> manifests.stream()
                .filter(m -> !clusterScoped.contains(m.kind()))
                .forEach(m -> assertThat(m.namespace()).as("%s in %s", m, name).isEqualTo(Repo.NAMESPACE)));
    }

    @Test
    void shouldReferenceOnlyRenderedConfigMapsAndStrimziSecretsWhenResolvingEnv() {
        forEachRendering((name, manifests) -> {
            Set<String> configMaps = manifests.ofKind("ConfigMap").stream().map(Manifest::name).collect(Collectors.toSet());
            Set<String> userSecrets = manifests.ofKind("KafkaUser").stream().map(Manifest::name).collect(Collectors.toSet());
            for (Manifest workload : manifests.workloads()) {
                for (Manifest container : workload.allContainers()) {
                    for (Manifest env : container.children("env")) {
                        env.string("valueFrom", "configMapKeyRef", "name").ifPresent(cm -> {
                            assertThat(configMaps).as("%s %s", workload, env.body()).contains(cm);
                            String key = env.string("valueFrom", "configMapKeyRef", "key").orElseThrow();
                            assertThat(manifests.one("ConfigMap", cm).map("data")).containsKey(key);
                        });
                        env.string("valueFrom", "secretKeyRef", "name").ifPresent(secret -> assertThat(
                                userSecrets.contains(secret) || secret.equals(Repo.KAFKA_CLUSTER + "-cluster-ca-cert"))
                                .as("%s reads secret %s, which Strimzi generates", workload, secret).isTrue());
                    }
                }
            }
        });
    }

    @Test
    void shouldRunOnlyPinnedImagesAndSevenCharacterShaTagsInProdWhenRendered() {
        Pattern allowTags = GitOpsTest.allowTagsPattern("regexp:^[0-9a-f]{7}$");
        forEachRendering((name, manifests) -> {
            for (Manifest workload : manifests.workloads()) {
                for (Manifest container : workload.allContainers()) {
                    String image = container.string("image").orElseThrow();
                    assertThat(image).as("%s in %s", workload, name).matches("[^:@]+:[^:]+").doesNotEndWith(":latest");
                    if (image.startsWith("ghcr.io/") && name.startsWith("prod")) {
                        assertThat(allowTags.matcher(image.substring(image.lastIndexOf(':') + 1)).find())
                                .as("prod tag of %s", image).isTrue();
                    }
                }
            }
        });
    }

    @Test
    void shouldSelectExistingPodsFromEveryServicePdbAndPolicyWhenRendered() {
        forEachRendering((name, manifests) -> {
            List<Map<String, Object>> podLabels = manifests.workloads().stream().map(Manifest::podLabels).toList();
            for (Manifest selecting : manifests.ofKind("Service", "PodDisruptionBudget", "NetworkPolicy")) {
                Manifest selector = selecting.is("Service")
                        ? new Manifest(selecting.origin(), Map.of("matchLabels", selecting.map("spec", "selector")))
                        : selecting.child("spec", selecting.is("NetworkPolicy") ? "podSelector" : "selector").orElseThrow();
                boolean strimziPods = selector.map("matchLabels").containsKey("strimzi.io/cluster");
                if (!strimziPods) {
                    assertThat(podLabels).as("%s selects some pod in %s", selecting, name)
                            .anyMatch(labels -> NetworkPolicyTest.selects(selector, labels));
                }
            }
        });
    }

    private interface RenderingCheck {
        void check(String name, Manifests manifests);
    }

    private static void forEachRendering(RenderingCheck check) {
        assumeTrue(rendered != null, "kubectl not found on the PATH: rendering with kubectl kustomize skipped");
        rendered.forEach(check::check);
    }

    /** prod plus every component, as a throw-away overlay (kustomize wants relative paths inside one tree). */
    private static Path prodWithAllComponents() throws IOException {
        Path dir = Repo.PLATFORM.resolve("target/rendered-prod-with-components");
        Files.createDirectories(dir);
        List<String> components = new ArrayList<>();
        Repo.components().forEach(c -> components.add(dir.relativize(c).toString()));
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                components: [%s]
                """.formatted(dir.relativize(Repo.OVERLAYS.resolve("prod")), String.join(", ", components)));
        return dir;
    }
}
