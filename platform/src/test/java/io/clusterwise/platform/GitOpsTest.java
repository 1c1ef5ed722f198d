package io.clusterwise.platform;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** argocd/: the Application, its AppProject and the ImageUpdater that keeps the prod overlay's tags current. */
class GitOpsTest {

    static final Path PROD = Repo.OVERLAYS.resolve("prod");
    /** The base names the service images {@code clusterwise-<service>}; the overlays pin them. */
    static final String SERVICE_IMAGE_PREFIX = "clusterwise-";

    private final Manifests argocd = Repo.argocd();
    private final Manifest updater = argocd.ofKind("ImageUpdater").get(0);
    private final Manifest application = argocd.ofKind("Application").get(0);
    private final List<TrackedImage> tracked = TrackedImage.of(updater);

    @Test
    void shouldTrackEveryImageOfEveryKustomizationWhenComparingWithTheImageUpdater() {
        List<KustomizeImage> images = Repo.allKustomizations().stream().flatMap(k -> k.images().stream()).toList();
        assertThat(images).isNotEmpty();
        for (KustomizeImage image : images) {
            assertThat(tracked).as("ImageUpdater entry for %s", image)
                    .anySatisfy(t -> {
                        assertThat(t.repository()).isEqualTo(image.effectiveName());
                        assertThat(t.kustomizeName()).isEqualTo(image.name());
                    });
        }
        assertThat(tracked).extracting(TrackedImage::repository).containsExactlyInAnyOrder(
                "ghcr.io/clusterwise/clusterwise-ingest-service",
                "ghcr.io/clusterwise/clusterwise-agent-worker",
                "ghcr.io/clusterwise/clusterwise-chat-gateway",
                "ollama/ollama");
    }

    @Test
    void shouldTrackAndPinInProdEveryImageAWorkloadRunsWhenReadingTheContainers() {
        Set<String> used = Repo.base().workloads().stream().flatMap(w -> w.allContainers().stream())
                .map(c -> withoutTag(c.string("image").orElseThrow()))
                .collect(Collectors.toSet());
        assertThat(used).as("services and Ollama").hasSize(4);
        Set<String> pinnedInProd = Kustomization.load(PROD).images().stream().map(KustomizeImage::name)
                .collect(Collectors.toSet());
        for (String image : used) {
            assertThat(pinnedInProd).as("prod's images: entry for %s, which the updater rewrites", image).contains(image);
            assertThat(tracked).extracting(TrackedImage::kustomizeName).as("tracked: %s", image).contains(image);
        }
    }

    @Test
    void shouldPinEveryServiceImageInEveryOverlayWhenReadingTheKustomizations() {
        Set<String> serviceImages = Repo.base().workloads().stream().flatMap(w -> w.allContainers().stream())
                .map(c -> c.string("image").orElse(""))
                .filter(i -> i.startsWith(SERVICE_IMAGE_PREFIX))
                .collect(Collectors.toSet());
        assertThat(serviceImages).hasSize(3);
        for (Path overlay : Repo.overlays()) {
            assertThat(Kustomization.load(overlay).images()).extracting(KustomizeImage::name)
                    .as("images pinned by %s", overlay).containsAll(serviceImages);
        }
        // everything else is a third-party image with an explicit version (the default for overlays not pinning it)
        Repo.base().workloads().stream().flatMap(w -> w.allContainers().stream())
                .map(c -> c.string("image").orElse(""))
                .filter(i -> !serviceImages.contains(i))
                .forEach(i -> assertThat(i).matches("[^:]+:[0-9][^:]*").doesNotEndWith(":latest"));
    }

    @Test
    void shouldPickOnlySevenCharacterShaTagsByNewestBuildWhenTrackingTheServiceImages() {
        List<TrackedImage> services = serviceImages();
        assertThat(services).hasSize(3);
        for (TrackedImage image : services) {
            assertThat(image.updateStrategy()).as("%s", image).isEqualTo("newest-build");
            assertThat(image.constraint()).as("newest-build ignores a version constraint").isEmpty();
            assertThat(image.picks("1a2b3c4")).as("7-char SHA").isTrue();
            assertThat(image.picks("latest")).isFalse();
            assertThat(image.picks("v1.2.3")).isFalse();
            assertThat(image.picks("0123456789abcdef0123456789abcdef01234567")).as("40-char SHA").isFalse();
            assertThat(image.picks("1A2B3C4")).as("git prints lower case").isFalse();
        }
    }

    @Test
    void shouldFollowOllamaPatchReleasesBySemverWhenTrackingTheOllamaImage() {
        TrackedImage ollama = tracked.stream().filter(t -> t.repository().equals("ollama/ollama")).findFirst().orElseThrow();
        assertThat(ollama.updateStrategy()).isEqualTo("semver");
        assertThat(ollama.constraint()).as("a constraint after the image name").isPresent();
        assertThat(ollama.allowTags()).as("its own tag filter, not the services' SHA rule")
                .isNotEqualTo(serviceImages().get(0).allowTags());

        String current = prodTag("ollama/ollama");
        String[] v = current.split("\\.");
        String nextPatch = v[0] + "." + v[1] + "." + (Integer.parseInt(v[2]) + 1);
        String nextMinor = v[0] + "." + (Integer.parseInt(v[1]) + 1) + ".0";
        assertThat(ollama.picks(current)).as("prod's tag %s is within the constraint (else the updater would move it)",
                current).isTrue();
        assertThat(ollama.picks(nextPatch)).as("a patch release").isTrue();
        assertThat(ollama.picks(nextMinor)).as("a minor release is a reviewed change").isFalse();
        assertThat(ollama.picks(nextPatch + "-rc0")).as("release candidate").isFalse();
        assertThat(ollama.picks(nextPatch + "-rocm")).as("the AMD variant").isFalse();
        assertThat(ollama.picks("rocm")).isFalse();
        assertThat(ollama.picks("latest")).isFalse();
        assertThat(ollama.picks("1a2b3c4")).isFalse();
    }

    @Test
    void shouldStartProdOnTagsTheUpdaterWouldPickWhenReadingTheProdOverlay() {
        Kustomization prod = Kustomization.load(PROD);
        for (KustomizeImage image : prod.images()) {
            TrackedImage entry = tracked.stream().filter(t -> t.repository().equals(image.effectiveName()))
                    .findFirst().orElseThrow();
            assertThat(image.newTag()).as("prod's tag of %s is one the updater would pick", image.name())
                    .hasValueSatisfying(tag -> assertThat(entry.picks(tag)).isTrue());
        }
    }

    @Test
    void shouldWriteNewTagsBackToTheProdOverlaysKustomizationOnMainWhenUpdating() {
        assertThat(updater.apiVersion()).isEqualTo("argocd-image-updater.argoproj.io/v1alpha1");
        assertThat(updater.namespace()).isEqualTo("argocd").isEqualTo(application.namespace());
        Manifest ref = updater.children("spec", "applicationRefs").get(0);
        Manifest writeBack = ref.child("writeBackConfig").or(() -> updater.child("spec", "writeBackConfig")).orElseThrow();
        assertThat(writeBack.string("method")).contains("git");
        assertThat(writeBack.string("gitConfig", "branch")).contains("main");
        String target = writeBack.string("gitConfig", "writeBackTarget").orElseThrow();
        assertThat(target).startsWith("kustomization:");
        String path = target.substring("kustomization:".length());
        Path dir = path.startsWith("/") ? Repo.ROOT.resolve(path.substring(1))
                : Repo.ROOT.resolve(application.string("spec", "source", "path").orElseThrow()).resolve(path);
        assertThat(dir.normalize()).isEqualTo(PROD.normalize());
        assertThat(globMatches(ref.string("namePattern").orElseThrow(), application.name()))
                .as("namePattern selects the Application").isTrue();
    }

    @Test
    void shouldSyncTheProdOverlayAutomaticallyWithPruneAndSelfHealWhenReadingTheApplication() {
        assertThat(application.string("spec", "source", "path")).contains("platform/overlays/prod");
        assertThat(Kustomization.isKustomizationDir(Repo.ROOT.resolve("platform/overlays/prod"))).isTrue();
        assertThat(application.string("spec", "source", "targetRevision")).contains("main");
        assertThat(application.string("spec", "syncPolicy", "automated", "prune")).contains("true");
        assertThat(application.string("spec", "syncPolicy", "automated", "selfHeal")).contains("true");
        assertThat(application.string("spec", "destination", "namespace")).contains(Repo.NAMESPACE);

        Manifest project = argocd.one("AppProject", application.string("spec", "project").orElseThrow());
        assertThat(project.list("spec", "sourceRepos")).contains(application.string("spec", "source", "repoURL").orElseThrow());
        assertThat(project.children("spec", "destinations")).anySatisfy(d -> {
            assertThat(d.string("namespace")).contains(Repo.NAMESPACE);
            assertThat(d.string("server")).isEqualTo(application.string("spec", "destination", "server"));
        });
    }

    @Test
    void shouldPermitEveryKindTheProdOverlayAndComponentsDeployWhenCheckingTheProjectWhitelists() {
        Manifest project = argocd.one("AppProject", application.string("spec", "project").orElseThrow());
        Set<String> allowed = new HashSet<>();
        for (String list : List.of("clusterResourceWhitelist", "namespaceResourceWhitelist")) {
            project.children("spec", list).forEach(e -> allowed.add(e.string("group").orElse("") + "/" + e.string("kind").orElseThrow()));
        }
        List<Manifest> deployed = new ArrayList<>(Kustomization.load(PROD).resolve());
        Repo.components().forEach(c -> deployed.addAll(Kustomization.load(c).resolve()));
        Set<String> kinds = deployed.stream().map(GitOpsTest::groupKind).collect(Collectors.toSet());
        kinds.add("/ConfigMap"); // configMapGenerator
        assertThat(allowed).containsAll(kinds);
    }

    @Test
    void shouldBuildTheTrackedImagesForBothPlatformsTaggedWithTheShortShaWhenPushingToMain() {
        Manifest images = ManifestLoader.loadFile(Repo.WORKFLOWS.resolve("images.yml")).get(0);
        assertThat(images.list("on", "push", "branches")).containsExactly("main");
        // Image Updater's write-back commit must not trigger a new build (that would loop for ever)
        assertThat(images.list("on", "push", "paths-ignore")).anySatisfy(glob -> assertThat(
                globMatchesPath(String.valueOf(glob), "platform/overlays/prod/kustomization.yaml")).isTrue());
        assertThat(images.list("on", "push", "paths-ignore")).noneSatisfy(glob -> assertThat(
                globMatchesPath(String.valueOf(glob), "platform/docker/Dockerfile")).isTrue());
        Manifest job = images.child("jobs", "image").orElseThrow();
        List<String> services = job.list("strategy", "matrix", "service").stream().map(String::valueOf).toList();
        assertThat(services.stream().map(s -> SERVICE_IMAGE_PREFIX + s).toList()).containsExactlyInAnyOrderElementsOf(
                serviceImages().stream().map(TrackedImage::kustomizeName).toList());
        String steps = job.list("steps").toString();
        assertThat(steps).contains("GITHUB_SHA::7", "ghcr.io/${owner}/clusterwise-${{ matrix.service }}",
                "linux/amd64,linux/arm64", "docker/setup-qemu-action@", "docker/setup-buildx-action@",
                "secrets.GITHUB_TOKEN");
        // the creation time must be the build time: nothing that fixes it
        assertThat(steps).doesNotContain("SOURCE_DATE_EPOCH").doesNotContainIgnoringCase("jib");
    }

    @Test
    void shouldRunTheReadmeTestCommandOnEveryPushAndPullRequestWhenReadingCi() throws Exception {
        Manifest ci = ManifestLoader.loadFile(Repo.WORKFLOWS.resolve("ci.yml")).get(0);
        assertThat(ci.map("on")).containsKeys("push", "pull_request");
        assertThat(ci.list("jobs", "verify", "steps").toString()).contains("bash .ci/run");
        assertThat(Files.readString(Repo.ROOT.resolve(".ci/run"))).contains("./mvnw -B verify");
        assertThat(ci.list("jobs", "manifests", "steps").toString()).contains("kubectl kustomize", "kubeconform -strict");
    }

    @Test
    void shouldPinEveryActionToAMajorVersionWhenReadingTheWorkflows() throws Exception {
        for (Path workflow : ManifestLoader.yamlFiles(Repo.WORKFLOWS, Set.of())) {
            for (String line : Files.readAllLines(workflow)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("- uses:") || trimmed.startsWith("uses:")) {
                    assertThat(trimmed).as("%s", workflow.getFileName()).matches(".*uses: [\\w.-]+/[\\w.-]+@v\\d+$");
                }
            }
        }
    }

    /** The three clusterwise images (built by the images workflow), not third-party ones. */
    private List<TrackedImage> serviceImages() {
        return tracked.stream().filter(t -> t.kustomizeName().startsWith(SERVICE_IMAGE_PREFIX)).toList();
    }

    private static String prodTag(String kustomizeName) {
        return Kustomization.load(PROD).images().stream().filter(i -> i.name().equals(kustomizeName))
                .findFirst().flatMap(KustomizeImage::newTag).orElseThrow();
    }

    /** {@code repo/name:tag} without the tag (a port in the registry part is not a tag). */
    static String withoutTag(String image) {
        int colon = image.indexOf(':', image.lastIndexOf('/') + 1);
        return colon < 0 ? image : image.substring(0, colon);
    }

    private static boolean globMatches(String glob, String name) {
        return name.matches(glob.replace(".", "\\.").replace("*", ".*").replace("?", "."));
    }

    /** GitHub's path filter globs: {@code **} any depth (with its slash), {@code *} within one directory. */
    private static boolean globMatchesPath(String glob, String path) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return path.matches(regex.toString());
    }

    private static String groupKind(Manifest m) {
        String apiVersion = m.apiVersion();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return group + "/" + m.kind();
    }

}
