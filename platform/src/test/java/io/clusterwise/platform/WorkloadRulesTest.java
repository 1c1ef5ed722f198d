package io.clusterwise.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The services, Ollama and its model-pull Job: restricted pods with requests/limits, probes, PDBs, and only ingest with an API token. */
class WorkloadRulesTest {

    /** Each service: its workload kind, port, and whether it may mount an API token. */
    record Service(String name, String kind, int port) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("ingest-service", "Deployment", 8081),
            new Service("agent-worker", "Deployment", 8082),
            new Service("chat-gateway", "StatefulSet", 8000));

    private final Manifests base = Repo.base();

    @Test
    void shouldRunEveryContainerRestrictedWithRequestsAndLimitsWhenCheckingAllWorkloads() {
        assertThat(base.workloads()).extracting(Manifest::name)
                .containsExactlyInAnyOrder("ingest-service", "agent-worker", "chat-gateway", "ollama",
                        ModelRolloutTest.PULL_JOB);
        for (Manifest workload : base.workloads()) {
            assertThat(PodRules.violations(workload)).as("%s", workload).isEmpty();
        }
    }

    @Test
    void shouldReportEachBrokenRuleWhenAWorkloadIsNotRestricted() {
        Manifest loose = ManifestLoader.loadFile(Repo.fixture("unrestricted-deployment.yaml")).get(0);

        List<String> violations = PodRules.violations(loose);

        assertThat(violations)
                .anyMatch(v -> v.contains("allowPrivilegeEscalation"))
                .anyMatch(v -> v.contains("capabilities.drop must contain ALL"))
                .anyMatch(v -> v.contains("capabilities.add"))
                .anyMatch(v -> v.contains("runAsNonRoot"))
                .anyMatch(v -> v.contains("seccompProfile"))
                .anyMatch(v -> v.contains("resources.limits.memory missing"))
                .anyMatch(v -> v.contains("hostNetwork"))
                .anyMatch(v -> v.contains("hostPath"))
                .anyMatch(v -> v.contains("no emptyDir mounted at /tmp"))
                // the init container is checked too
                .anyMatch(v -> v.contains("container setup"));
    }

    @Test
    void shouldProbeActuatorOnTheServicePortWhenReadingEachServiceContainer() {
        for (Service service : SERVICES) {
            Manifest workload = base.one(service.kind(), service.name());
            Manifest container = workload.allContainers().get(0);
            assertThat(container.list("ports")).as("%s ports", service.name())
                    .containsExactly(Map.of("name", "http", "containerPort", service.port()));
            assertThat(container.string("livenessProbe", "httpGet", "path")).contains("/actuator/health/liveness");
            assertThat(container.string("readinessProbe", "httpGet", "path")).contains("/actuator/health/readiness");
            assertThat(container.string("readinessProbe", "httpGet", "port")).contains("http");
            assertThat(container.string("image")).as("the kustomize image name the overlays pin")
                    .contains("clusterwise-" + service.name());
        }
    }

    @Test
    void shouldServeOllamaOn11434WithProbesOnApiTagsAndModelsFromItsVolumeWhenStarting() {
        Manifest ollama = base.one("Deployment", "ollama");
        Manifest server = ollama.podSpec().orElseThrow().children("containers").get(0);
        // alive and ready = the server answers; the configured model is the ollama-pull hook's (ModelRolloutTest)
        assertThat(server.string("livenessProbe", "httpGet", "path")).contains("/api/tags");
        assertThat(server.string("readinessProbe", "httpGet", "path")).contains("/api/tags");
        assertThat(server.list("ports")).containsExactly(Map.of("name", "http", "containerPort", 11434));
        assertThat(memoryGi(server.string("resources", "requests", "memory").orElseThrow()))
                .as("a 7B model needs several GiB").isGreaterThanOrEqualTo(6);
        assertThat(server.children("env")).anySatisfy(env -> {
            assertThat(env.string("name")).contains("OLLAMA_MODELS");
            assertThat(env.string("value")).contains("/models");
        });
        assertThat(server.children("volumeMounts")).anySatisfy(m -> {
            assertThat(m.string("name")).contains("models");
            assertThat(m.string("mountPath")).contains("/models");
        });
        assertThat(ollama.podSpec().orElseThrow().children("volumes"))
                .anySatisfy(v -> assertThat(v.string("persistentVolumeClaim", "claimName")).contains("ollama-models"));
        assertThat(base.find("PersistentVolumeClaim", "ollama-models")).isPresent();
        assertThat(base.one("Service", "ollama").string("spec", "ports", 0, "port")).contains("11434");
    }

    @Test
    void shouldMountAnApiTokenOnlyInIngestWhenResolvingPodAndServiceAccountSettings() {
        for (Manifest workload : base.workloads()) {
            assertThat(ApiAccess.mountsToken(workload, base)).as("%s mounts a token", workload)
                    .isEqualTo(workload.name().equals("ingest-service"));
        }
    }

    @Test
    void shouldProtectEachServiceWithAPodDisruptionBudgetWhenNodesAreDrained() {
        for (Service service : SERVICES) {
            List<Manifest> pdbs = base.ofKind("PodDisruptionBudget").stream()
                    .filter(p -> p.map("spec", "selector", "matchLabels")
                            .equals(base.one(service.kind(), service.name()).map("spec", "selector", "matchLabels")))
                    .toList();
            assertThat(pdbs).as("PDB of %s", service.name()).hasSize(1);
        }
    }

    @Test
    void shouldExposeTheGatewayOnPort8000WhenReadingItsService() {
        Manifest service = base.one("Service", "chat-gateway");
        assertThat(service.string("spec", "ports", 0, "port")).contains("8000");
        assertThat(service.map("spec", "selector")).isEqualTo(Map.of("app.kubernetes.io/name", "chat-gateway"));
    }

    @Test
    void shouldGiveEachGatewayReplicaItsOwnReplyPartitionWhenScaled() {
        Manifest gateway = base.one("StatefulSet", "chat-gateway");
        Manifest env = gateway.allContainers().get(0).children("env").stream()
                .filter(e -> e.string("name").orElse("").equals("CLUSTERWISE_GATEWAY_REPLY_PARTITION"))
                .findFirst().orElseThrow();
        assertThat(env.string("valueFrom", "fieldRef", "fieldPath"))
                .contains("metadata.labels['apps.kubernetes.io/pod-index']");
        assertThat(Integer.parseInt(gateway.string("spec", "replicas").orElseThrow()))
                .as("agent.replies has %d partitions", io.clusterwise.contracts.Topic.AGENT_REPLIES.partitions())
                .isLessThanOrEqualTo(io.clusterwise.contracts.Topic.AGENT_REPLIES.partitions());
    }

    /** A Kubernetes quantity in Gi or Mi (the units these manifests use), in GiB. */
    static double memoryGi(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Double.parseDouble(quantity.substring(0, quantity.length() - 2));
        }
        if (quantity.endsWith("Mi")) {
            return Double.parseDouble(quantity.substring(0, quantity.length() - 2)) / 1024;
        }
        throw new IllegalArgumentException("unexpected memory quantity " + quantity);
    }
}
