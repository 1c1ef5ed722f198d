package io.clusterwise.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loader itself, and that every YAML file under platform/ and argocd/ loads and is used by a kustomization. */
class ManifestLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void shouldLoadEveryYamlFileUnderPlatformAndArgocdWhenWalkingTheTrees() {
        for (Path root : List.of(Repo.PLATFORM, Repo.ARGOCD)) {
            for (Path file : ManifestLoader.yamlFiles(root, ManifestLoader.DEFAULT_SKIPPED_DIRECTORIES)) {
                List<Manifest> documents = ManifestLoader.loadFile(file);
                assertThat(documents).as("%s", file).isNotEmpty()
                        .allSatisfy(m -> {
                            assertThat(m.apiVersion()).as("%s apiVersion", m).isNotEmpty();
                            assertThat(m.kind()).as("%s kind", m).isNotEmpty();
                        });
            }
        }
    }

    @Test
    void shouldReachEveryManifestFileFromSomeKustomizationWhenResolvingOverlaysComponentsAndArgocd() {
        Set<Path> reached = new HashSet<>();
        for (Kustomization k : Repo.allKustomizations()) {
            Kustomization.FILE_NAMES.forEach(f -> reached.add(k.dir().resolve(f)));
            for (String entry : k.resources()) {
                reached.add(k.dir().resolve(entry).normalize());
            }
        }
        Set<Path> orphans = new HashSet<>();
        for (Path root : List.of(Repo.PLATFORM, Repo.ARGOCD)) {
            ManifestLoader.yamlFiles(root, ManifestLoader.DEFAULT_SKIPPED_DIRECTORIES).stream()
                    .map(Path::normalize)
                    .filter(f -> !reached.contains(f))
                    .forEach(orphans::add);
        }
        assertThat(orphans).as("YAML files no kustomization includes (dead or forgotten)").isEmpty();
    }

    @Test
    void shouldResolveNestedResourcesAndComponentsInOrderWhenLoadingAKustomization() throws IOException {
        write("app/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [cm.yaml, nested]
                components: [../extra]
                images:
                  - {name: app, newName: ghcr.io/acme/app, newTag: "0012345"}
                """);
        write("app/cm.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: one}
                ---
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: two}
                data: {switch: on, when: 2026-01-01}
                """);
        write("app/nested/kustomization.yaml", "resources: [svc.yaml]\n");
        write("app/nested/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: three}\n");
        write("extra/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [sa.yaml]\n");
        write("extra/sa.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: four}\n");

        Kustomization app = Kustomization.load(tmp.resolve("app"));

        assertThat(app.resolve()).extracting(Manifest::name).containsExactly("one", "two", "three", "four");
        assertThat(app.tree()).extracting(k -> k.dir().getFileName().toString()).containsExactly("app", "nested", "extra");
        assertThat(app.tree().get(2).isComponent()).isTrue();
        assertThat(app.images()).singleElement().satisfies(i -> {
            assertThat(i.effectiveName()).isEqualTo("ghcr.io/acme/app");
            assertThat(i.newTag()).contains("0012345");
        });
        Manifest two = Manifests.of(app.resolve()).one("ConfigMap", "two");
        assertThat(two.string("data", "switch")).as("YAML 1.2: 'on' stays a string").contains("on");
        assertThat(two.string("data", "when")).contains("2026-01-01");
        assertThat(two.origin()).endsWith("cm.yaml#2");
    }

    @Test
    void shouldNameTheKustomizationAndTheEntryWhenAResourceIsMissing() throws IOException {
        write("broken/kustomization.yaml", "resources: [deployment.yaml]\n");

        assertThatThrownBy(() -> Kustomization.load(tmp.resolve("broken")).resolve())
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("broken")
                .hasMessageContaining("resource 'deployment.yaml' does not exist");
    }

    @Test
    void shouldNameTheFileAndDocumentWhenYamlIsNotAManifest() throws IOException {
        Path file = write("list.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n- just\n- a list\n");

        assertThatThrownBy(() -> ManifestLoader.loadFile(file))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("list.yaml#1")
                .hasMessageContaining("must be a YAML map");
    }

    @Test
    void shouldRefuseACycleWhenKustomizationsIncludeEachOther() throws IOException {
        write("a/kustomization.yaml", "resources: [../b]\n");
        write("b/kustomization.yaml", "resources: [../a]\n");

        assertThatThrownBy(() -> Kustomization.load(tmp.resolve("a")).resolve())
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("kustomization cycle");
    }

    @Test
    void shouldFindNestedValuesByKeysWithDotsAndSlashesWhenNavigating() {
        Manifest topic = ManifestLoader.parse("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: c}}
                spec: {config: {cleanup.policy: compact}, partitions: 3}
                """, "inline").get(0);

        assertThat(topic.string("metadata", "labels", "strimzi.io/cluster")).contains("c");
        assertThat(topic.string("spec", "config", "cleanup.policy")).contains("compact");
        assertThat(topic.string("spec", "partitions")).contains("3");
        assertThat(topic.at("spec", "missing", 0)).isEmpty();
        assertThat(topic.list("spec", "nothing")).isEmpty();
        assertThat(topic.toString()).isEqualTo("KafkaTopic/t (inline#0)");
        Set<String> kinds = Manifests.of(List.of(topic)).stream().map(Manifest::kind).collect(Collectors.toSet());
        assertThat(kinds).containsExactly("KafkaTopic");
    }

    private Path write(String relative, String content) throws IOException {
        Path file = tmp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
