package io.clusterwise.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model switch is one commit changing {@code OLLAMA_MODEL}, and no worker ever asks Ollama for a model it does not
 * have: Ollama pulls it and turns ready on it in an earlier Argo CD sync wave than the services, both read it from
 * the one hash-named ConfigMap, the volume holds the old and the new model, and workers are replaced only by ready
 * ones. (The rendered side, hash suffix included, is in {@link RenderedOverlaysTest}.)
 */
class ModelRolloutTest {

    static final String SETTINGS = "clusterwise-settings";
    static final String MODEL_KEY = "OLLAMA_MODEL";
    static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";

    /** The ConfigMap key an env var is read from. */
    record ConfigMapKey(String name, String key) {
    }

    private final Manifests base = Repo.base();
    private final Manifest ollama = base.one("Deployment", "ollama");
    private final Manifest worker = base.one("Deployment", "agent-worker");

    @Test
    void shouldApplyTheServicesOnlyAfterEverythingElseWhenArgoCdSyncsInWaves() {
        List<Manifest> services = WorkloadRulesTest.SERVICES.stream().map(s -> base.one(s.kind(), s.name())).toList();
        int firstServiceWave = services.stream().mapToInt(ModelRolloutTest::syncWave).min().orElseThrow();
        // Argo CD applies a wave only when every earlier one is healthy: Kafka and the users' secrets, Ollama with
        // its model (a ready pod), the policies and accounts the pods need
        base.stream().filter(m -> !services.contains(m)).forEach(m -> assertThat(syncWave(m))
                .as("%s comes before the services", m).isLessThan(firstServiceWave));
        assertThat(syncWave(ollama)).isLessThan(syncWave(worker));
        assertThat(ollama.string("metadata", "annotations", SYNC_WAVE)).as("Ollama's wave is stated, not implied")
                .isPresent();
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
    void shouldReportOllamaReadyOnlyWhenTheConfiguredModelIsOnItsVolume() {
        Manifest server = ollama.podSpec().orElseThrow().children("containers").get(0);
        String probe = String.join(" ", server.list("readinessProbe", "exec", "command").stream()
                .map(String::valueOf).toList());
        assertThat(probe).as("readiness asks Ollama for the configured model")
                .containsAnyOf("ollama show \"$OLLAMA_MODEL\"", "ollama show \"${OLLAMA_MODEL}\"");
        assertThat(modelSetting(server, "OLLAMA_MODEL")).as("the probe's model")
                .isEqualTo(new ConfigMapKey(SETTINGS, MODEL_KEY));
        assertThat(server.string("readinessProbe", "timeoutSeconds").map(Integer::parseInt)).as("the CLI needs a moment")
                .hasValueSatisfying(t -> assertThat(t).isGreaterThan(1));
    }

    @Test
    void shouldReadTheModelFromOneGeneratedSettingWhenOllamaItsProbeAndTheWorkerStart() {
        Manifest pull = ollama.podSpec().orElseThrow().children("initContainers").get(0);
        Manifest server = ollama.podSpec().orElseThrow().children("containers").get(0);
        ConfigMapKey expected = new ConfigMapKey(SETTINGS, MODEL_KEY);
        assertThat(modelSetting(pull, "OLLAMA_MODEL")).as("what the init container pulls").isEqualTo(expected);
        assertThat(modelSetting(server, "OLLAMA_MODEL")).as("what readiness checks").isEqualTo(expected);
        assertThat(modelSetting(worker.allContainers().get(0), "CLUSTERWISE_WORKER_OLLAMA_MODEL"))
                .as("what the worker asks for").isEqualTo(expected);

        // the one place it is set: the base's generator, with the content hash on (so a change rolls both)
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
    void shouldGiveTheModelDownloadTimeWhenOllamaRollsOut() {
        // a pull of several GB is not a stuck rollout: Kubernetes' default 600 s would mark it failed (and the sync)
        assertThat(ollama.string("spec", "progressDeadlineSeconds").map(Integer::parseInt))
                .hasValueSatisfying(s -> assertThat(s).isGreaterThanOrEqualTo(1800));
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
