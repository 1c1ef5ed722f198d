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
        rendered = new LinkedHashMap<>(PlatformRepo.renderOverlays(kubectl.get()));
        rendered.put("prod+components", Manifests.of(kubectl.get().kustomize(prodWithAllComponents())));
        System.out.println("RenderedOverlaysTest: rendered with " + kubectl.get().executable() + ": " + rendered.keySet());
    }

    @Test
    void shouldKeepEveryWorkloadRestrictedWhenOverlaysArePatched() {
        forEachRendering((name, manifests) -> {
            assertThat(manifests.workloads()).as(name).hasSize(5);
            manifests.workloads().forEach(w -> assertThat(PodRules.violations(w)).as("%s in %s", w, name).isEmpty());
            manifests.workloads().forEach(w -> assertThat(ApiAccess.mountsToken(w, manifests))
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
    void shouldRunOnlyImagesTheUpdaterTracksOnTagsItWouldPickInProdWhenRendered() {
        List<TrackedImage> tracked = TrackedImage.of(Repo.argocd().ofKind("ImageUpdater").get(0));
        forEachRendering((name, manifests) -> {
            for (Manifest workload : manifests.workloads()) {
                for (Manifest container : workload.allContainers()) {
                    String image = container.string("image").orElseThrow();
                    assertThat(image).as("%s in %s", workload, name).matches("[^:@]+:[^:]+").doesNotEndWith(":latest");
                    if (name.startsWith("prod")) {
                        String repository = GitOpsTest.withoutTag(image);
                        String tag = image.substring(repository.length() + 1);
                        assertThat(tracked).as("%s in %s is tracked by the ImageUpdater with tag %s", workload, name, tag)
                                .anySatisfy(t -> {
                                    assertThat(t.repository()).isEqualTo(repository);
                                    assertThat(t.picks(tag)).isTrue();
                                });
                    }
                }
            }
        });
    }

    @Test
    void shouldRollTheHookAndTheWorkerButNotOllamaWhenTheModelSettingChangesInGit() throws IOException {
        forEachRendering((name, manifests) -> {
            Manifest ollama = manifests.one("Deployment", "ollama");
            Manifest worker = manifests.one("Deployment", "agent-worker");
            Manifest pullJob = manifests.one("Job", ModelRolloutTest.PULL_JOB);
            String settings = workerSettings(manifests);
            assertThat(settings).as("the generated, hash-suffixed name in %s", name).startsWith("clusterwise-settings-");
            assertThat(ModelRolloutTest.modelSetting(pullJob.allContainers().get(0), "OLLAMA_MODEL"))
                    .as("the hook in %s pulls what the worker asks for", name)
                    .isEqualTo(new ModelRolloutTest.ConfigMapKey(settings, ModelRolloutTest.MODEL_KEY));
            assertThat(ollama.body().toString()).as("Ollama in %s does not read the settings", name)
                    .doesNotContain(ModelRolloutTest.SETTINGS);
            assertThat(ModelRolloutTest.syncWave(pullJob)).as(name)
                    .isGreaterThan(ModelRolloutTest.syncWave(ollama)).isLessThan(ModelRolloutTest.syncWave(worker));
            assertThat(pullJob.string("metadata", "annotations", ModelRolloutTest.HOOK)).as(name).contains("Sync");
            assertThat(pullJob.string("metadata", "annotations", ModelRolloutTest.HOOK_DELETE_POLICY)).as(name)
                    .contains("BeforeHookCreation");
            assertThat(ModelRolloutTest.syncWave(manifests.one("PersistentVolumeClaim", "ollama-models")))
                    .isEqualTo(ModelRolloutTest.syncWave(ollama));
            assertThat(ModelRolloutTest.holdsTwoModels(manifests)).as("old and new model fit on the volume in %s", name)
                    .isTrue();
        });

        // the switch itself, as a commit would make it: only OLLAMA_MODEL changes
        Manifests prod = rendered.get("prod");
        Manifests switched = Manifests.of(Kubectl.onPath().orElseThrow().kustomize(prodWithModel("llama3.1:8b")));
        String newSettings = workerSettings(switched);
        assertThat(switched.one("ConfigMap", newSettings).map("data")).containsEntry("OLLAMA_MODEL", "llama3.1:8b");
        assertThat(newSettings).as("a new name, so the worker's pod template changes and rolls")
                .isNotEqualTo(workerSettings(prod));
        assertThat(ModelRolloutTest.modelSetting(
                switched.one("Job", ModelRolloutTest.PULL_JOB).allContainers().get(0), "OLLAMA_MODEL").name())
                .as("the hook reads the new model").isEqualTo(newSettings);
        assertThat(switched.one("Deployment", "ollama").map("spec", "template"))
                .as("Ollama's pod template is unchanged: no restart, it serves through the switch")
                .isEqualTo(prod.one("Deployment", "ollama").map("spec", "template"));
    }

    /** The hash-suffixed ConfigMap the worker reads its model from. */
    private static String workerSettings(Manifests manifests) {
        return ModelRolloutTest.modelSetting(manifests.one("Deployment", "agent-worker").allContainers().get(0),
                "CLUSTERWISE_WORKER_OLLAMA_MODEL").name();
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

    /** prod with another model, as a commit changing OLLAMA_MODEL would leave it (a throw-away overlay on top). */
    private static Path prodWithModel(String model) throws IOException {
        Path dir = Repo.PLATFORM.resolve("target/rendered-prod-with-model");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                configMapGenerator:
                  - name: clusterwise-settings
                    behavior: merge
                    literals: [OLLAMA_MODEL=%s]
                """.formatted(dir.relativize(Repo.OVERLAYS.resolve("prod")), model));
        return dir;
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
