package io.clusterwise.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model switch is one commit changing {@code OLLAMA_MODEL}, Ollama keeps serving through it, and no worker ever asks
 * Ollama for a model it does not have: an Argo CD Sync hook pulls the model through the running Ollama in a sync
 * wave between Ollama's and the services', the hook and the workers read it from the one hash-named ConfigMap while
 * Ollama's pod does not read it at all (so it never restarts for a switch), the volume holds the old and the new
 * model, and workers are replaced only by ready ones. (The rendered side, hash suffix included, is in
 * {@link RenderedOverlaysTest}.)
 */
class ModelRolloutTest {

    static final String SETTINGS = "clusterwise-settings";
    static final String MODEL_KEY = "OLLAMA_MODEL";
    static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    static final String HOOK = "argocd.argoproj.io/hook";
    static final String HOOK_DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    /** The Job that pulls the configured model through the running Ollama, and its pods' name label. */
    static final String PULL_JOB = "ollama-pull";

    /** The ConfigMap key an env var is read from. */
    record ConfigMapKey(String name, String key) {
    }

    private final Manifests base = Repo.base();
    private final Manifest ollama = base.one("Deployment", "ollama");
    private final Manifest worker = base.one("Deployment", "agent-worker");
    private final Manifest pullJob = base.one("Job", PULL_JOB);

    @Test
    void shouldApplyTheServicesOnlyAfterEverythingElseWhenArgoCdSyncsInWaves() {
        List<Manifest> services = WorkloadRulesTest.SERVICES.stream().map(s -> base.one(s.kind(), s.name())).toList();
        int firstServiceWave = services.stream().mapToInt(ModelRolloutTest::syncWave).min().orElseThrow();
        // Argo CD applies a wave only when every earlier one is healthy (and its hooks succeeded): Kafka and the
        // users' secrets, Ollama serving, the model pulled, the policies and accounts the pods need
        base.stream().filter(m -> !services.contains(m)).forEach(m -> assertThat(syncWave(m))
                .as("%s comes before the services", m).isLessThan(firstServiceWave));
        assertThat(syncWave(ollama)).isLessThan(syncWave(worker));
        assertThat(ollama.string("metadata", "annotations", SYNC_WAVE)).as("Ollama's wave is stated, not implied")
                .isPresent();
    }

    @Test
    void shouldPullTheModelInASyncHookBetweenOllamaAndTheWorkersWhenArgoCdSyncs() {
        assertThat(pullJob.string("metadata", "annotations", HOOK)).as("runs on every sync, in the Sync phase")
                .contains("Sync");
        assertThat(pullJob.string("metadata", "annotations", HOOK_DELETE_POLICY)).as("replaced by the next sync")
                .contains("BeforeHookCreation");
        assertThat(pullJob.string("metadata", "annotations", SYNC_WAVE)).as("the hook's wave is stated").isPresent();
        // after Ollama is healthy (it pulls through the server), before the workers (they ask for the model)
        assertThat(syncWave(pullJob)).isGreaterThan(syncWave(ollama)).isLessThan(syncWave(worker));
        // everything else (Kafka, Ollama, the policies that let the hook reach it, the ConfigMap it reads) first
        List<Manifest> services = WorkloadRulesTest.SERVICES.stream().map(s -> base.one(s.kind(), s.name())).toList();
        base.stream().filter(m -> !services.contains(m) && !m.equals(pullJob))
                .forEach(m -> assertThat(syncWave(m)).as("%s is in place before the hook runs", m)
                        .isLessThan(syncWave(pullJob)));
    }

    @Test
    void shouldPullThroughTheRunningOllamaAndSkipAModelAlreadyThereWhenTheHookRuns() {
        Manifest pull = pullJob.allContainers().get(0);
        assertThat(pullJob.allContainers()).as("one container, no init container").hasSize(1);
        assertThat(env(pull, "OLLAMA_HOST")).as("the CLI is a client of the Ollama Service")
                .contains("ollama:" + base.one("Service", "ollama").string("spec", "ports", 0, "port").orElseThrow());
        String script = String.join("\n", pull.list("args").stream().map(String::valueOf).toList());
        assertThat(script).containsAnyOf("ollama show \"$OLLAMA_MODEL\"", "ollama show \"${OLLAMA_MODEL}\"")
                .containsAnyOf("ollama pull \"$OLLAMA_MODEL\"", "ollama pull \"${OLLAMA_MODEL}\"")
                .doesNotContain("ollama serve").doesNotContain("ollama rm");
        assertThat(script.lastIndexOf("ollama show")).as("verified after the pull")
                .isGreaterThan(Math.max(script.lastIndexOf("ollama pull \"$"), script.lastIndexOf("ollama pull \"${")));
        assertThat(script).as("a failing step fails the hook (and the sync)").contains("set -e");
        assertThat(pull.string("image").map(GitOpsTest::withoutTag))
                .as("the same image entry as Ollama's server: Image Updater and prod's pin move both")
                .isEqualTo(ollama.allContainers().get(0).string("image").map(GitOpsTest::withoutTag));
        List<String> tracked = TrackedImage.of(Repo.argocd().ofKind("ImageUpdater").get(0)).stream()
                .map(TrackedImage::kustomizeName).toList();
        assertThat(tracked).as("the hook's image is tracked by the Image Updater")
                .contains(GitOpsTest.withoutTag(pull.string("image").orElseThrow()));
    }

    @Test
    void shouldGiveAMultiGigabytePullTimeAndRetriesWhenTheHookRuns() {
        assertThat(pullJob.string("spec", "activeDeadlineSeconds").map(Integer::parseInt)).as("a bound, but an hour-ish")
                .hasValueSatisfying(s -> assertThat(s).isBetween(1800, 4 * 3600));
        assertThat(pullJob.string("spec", "backoffLimit").map(Integer::parseInt)).as("a few retries (downloads resume)")
                .hasValueSatisfying(b -> assertThat(b).isBetween(1, 6));
        assertThat(pullJob.podSpec().orElseThrow().string("restartPolicy")).contains("Never");
        assertThat(PodRules.violations(pullJob)).isEmpty();
        assertThat(ApiAccess.mountsToken(pullJob, base)).as("no API token").isFalse();
    }

    @Test
    void shouldPutOllamasVolumeInOllamasWaveWhenTheStorageClassBindsOnFirstConsumer() {
        // a WaitForFirstConsumer claim stays Pending (Progressing for Argo CD) until Ollama's pod is scheduled: in an
        // earlier wave than its Deployment it would block the sync for ever
        assertThat(syncWave(base.one("PersistentVolumeClaim", "ollama-models"))).isEqualTo(syncWave(ollama));
    }

    @Test
    void shouldKeepTheAutoscalerInTheWorkersWaveWhenKedaIsEnabled() {
        Manifests keda = Manifests.of(Kustomization.load(Repo.COMPONENTS.resolve("keda-worker-autoscaling")).resolve());
        // Argo CD reports a ScaledObject without its target as Degraded: before the worker it would hold it back
        assertThat(syncWave(keda.one("ScaledObject", "agent-worker"))).isEqualTo(syncWave(worker));
    }

    @Test
    void shouldReportOllamaReadyWhenTheServerAnswersWithoutReadingTheModelSetting() {
        Manifest server = ollama.podSpec().orElseThrow().children("containers").get(0);
        assertThat(server.string("readinessProbe", "httpGet", "path")).contains("/api/tags");
        assertThat(server.string("readinessProbe", "httpGet", "port")).contains("http");
        assertThat(ollama.podSpec().orElseThrow().children("initContainers")).as("no pull in Ollama's pod").isEmpty();
        // any reference (env, envFrom, a volume) would roll Ollama on every settings change
        assertThat(ollama.body().toString()).as("Ollama's Deployment does not reference %s", SETTINGS)
                .doesNotContain(SETTINGS);
    }

    @Test
    void shouldReadTheModelFromOneGeneratedSettingWhenTheHookAndTheWorkerStart() {
        ConfigMapKey expected = new ConfigMapKey(SETTINGS, MODEL_KEY);
        assertThat(modelSetting(pullJob.allContainers().get(0), "OLLAMA_MODEL")).as("what the hook pulls")
                .isEqualTo(expected);
        assertThat(modelSetting(worker.allContainers().get(0), "CLUSTERWISE_WORKER_OLLAMA_MODEL"))
                .as("what the worker asks for").isEqualTo(expected);

        // the one place it is set: the base's generator, with the content hash on (so a change re-runs the hook and
        // rolls the workers)
        Manifest kustomization = Kustomization.load(Repo.BASE).manifest();
        Manifest generator = kustomization.children("configMapGenerator").stream()
                .filter(g -> g.string("name").orElse("").equals(SETTINGS)).findFirst().orElseThrow();
        assertThat(generator.list("literals")).anySatisfy(l -> assertThat(String.valueOf(l)).startsWith(MODEL_KEY + "="));
        assertThat(generator.string("options", "disableNameSuffixHash")).isNotEqualTo(Optional.of("true"));
        assertThat(kustomization.string("generatorOptions", "disableNameSuffixHash"))
                .isNotEqualTo(Optional.of("true"));
    }

    @Test
    void shouldReplaceWorkersOnlyByReadyOnesWhenRollingOutANewModel() {
        assertThat(worker.string("spec", "strategy", "type")).contains("RollingUpdate");
        assertThat(worker.string("spec", "strategy", "rollingUpdate", "maxUnavailable")).contains("0");
        assertThat(worker.string("spec", "strategy", "rollingUpdate", "maxSurge")).as("room for the replacement")
                .hasValueSatisfying(surge -> assertThat(surge).isNotIn("0", "0%"));
    }

    @Test
    void shouldHoldTheOldAndTheNewModelWhenTheModelIsSwitched() {
        assertThat(holdsTwoModels(base)).as("volume >= 2 x Ollama's memory limit").isTrue();
        Manifest server = ollama.podSpec().orElseThrow().children("containers").get(0);
        // on disk both, in memory one: the old workers' last questions swap the models instead of loading both
        assertThat(server.children("env")).anySatisfy(e -> {
            assertThat(e.string("name")).contains("OLLAMA_MAX_LOADED_MODELS");
            assertThat(e.string("value")).contains("1");
        });
    }

    @Test
    void shouldGiveOllamasLargeImageTimeAndKeepOnePodOnTheVolumeWhenOllamaRollsOut() {
        // the ollama/ollama image is over a GB: its first pull on a node is not a stuck rollout, which Kubernetes'
        // default 600 s would mark failed (and the sync with it)
        assertThat(ollama.string("spec", "progressDeadlineSeconds").map(Integer::parseInt))
                .hasValueSatisfying(s -> assertThat(s).isGreaterThanOrEqualTo(1200));
        assertThat(ollama.string("spec", "strategy", "type")).as("one pod on the ReadWriteOnce volume").contains("Recreate");
    }

    @Test
    void shouldPruneTheOldSettingsOnlyAfterEveryWaveIsHealthyWhenArgoCdSyncs() {
        Manifest application = Repo.argocd().ofKind("Application").get(0);
        // the old clusterwise-settings-<hash> must outlive the workers still rolling away from it
        assertThat(application.list("spec", "syncPolicy", "syncOptions")).contains("PruneLast=true");
    }

    /** The ConfigMap and key the container's env var {@code name} is read from. */
    static ConfigMapKey modelSetting(Manifest container, String name) {
        Manifest env = container.children("env").stream().filter(e -> e.string("name").orElse("").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(container.string("name").orElse("?") + " has no " + name));
        return new ConfigMapKey(env.string("valueFrom", "configMapKeyRef", "name").orElse(""),
                env.string("valueFrom", "configMapKeyRef", "key").orElse(""));
    }

    /** The literal value of the container's env var {@code name}. */
    static Optional<String> env(Manifest container, String name) {
        return container.children("env").stream().filter(e -> e.string("name").orElse("").equals(name))
                .findFirst().flatMap(e -> e.string("value"));
    }

    /** Argo CD's {@code argocd.argoproj.io/sync-wave}; 0 when not set. */
    static int syncWave(Manifest manifest) {
        return manifest.string("metadata", "annotations", SYNC_WAVE).map(Integer::parseInt).orElse(0);
    }

    /**
     * Whether Ollama's volume holds two models: any model Ollama can run fits in its memory limit, so a volume of
     * twice that keeps the old model beside the new one through a switch.
     */
    static boolean holdsTwoModels(Manifests manifests) {
        Manifest server = manifests.one("Deployment", "ollama").podSpec().orElseThrow().children("containers").get(0);
        double memory = WorkloadRulesTest.memoryGi(server.string("resources", "limits", "memory").orElseThrow());
        double volume = WorkloadRulesTest.memoryGi(manifests.one("PersistentVolumeClaim", "ollama-models")
                .string("spec", "resources", "requests", "storage").orElseThrow());
        return volume >= 2 * memory;
    }
}
