package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.clusterwise.devstack.cluster.SimulatedClusterTest.GREETER_POD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real kubectl against the simulated cluster, through the kubeconfig it writes (what a person does after `up`). */
class KubectlAgainstSimulatedClusterTest {

    static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    @TempDir
    static Path workDir;

    static SimulatedCluster cluster;
    static Path kubeconfig;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL + "; skipping the kubectl tests");
        cluster = SimulatedCluster.start(0);
        kubeconfig = cluster.writeKubeconfig(workDir.resolve("kubeconfig"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldShowCrashLoopingGreeterWhenKubectlGetsPodsAsJson() throws Exception {
        Result result = kubectl("get", "pods", "-A", "-o", "json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode list = new ObjectMapper().readTree(result.stdout());
        JsonNode greeter = findByName(list, GREETER_POD);
        assertThat(greeter.path("metadata").path("namespace").asText()).isEqualTo("demo");
        assertThat(greeter.at("/status/containerStatuses/0/state/waiting/reason").asText()).isEqualTo("CrashLoopBackOff");
    }

    @Test
    void shouldAnswerTypedListWhenKubectlReadsTheApiRaw() throws Exception {
        Result result = kubectl("get", "--raw", "/apis/apps/v1/namespaces/demo/deployments?limit=500");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode list = new ObjectMapper().readTree(result.stdout());
        assertThat(list.path("kind").asText()).isEqualTo("DeploymentList");
        assertThat(list.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(findByName(list, "greeter").path("kind").asText()).isEqualTo("Deployment");
    }

    @Test
    void shouldShowStatusColumnsWhenKubectlGetsPods() throws Exception {
        Result result = kubectl("get", "pods", "-n", "demo");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().findFirst().orElse(""))
                .contains("NAME", "READY", "STATUS", "RESTARTS", "AGE");
        assertThat(result.stdout()).containsPattern(GREETER_POD + "\\s+0/1\\s+CrashLoopBackOff\\s+9 \\(\\d+m ago\\)");
    }

    @Test
    void shouldShowBackOffWhenKubectlGetsEvents() throws Exception {
        Result result = kubectl("get", "events", "-n", "demo");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).containsPattern("Warning\\s+BackOff\\s+pod/" + GREETER_POD
                + "\\s+Back-off restarting failed container greeter");
    }

    @Test
    void shouldShowPodEventsWhenKubectlDescribesPod() throws Exception {
        Result result = kubectl("describe", "pod", "-n", "demo", GREETER_POD);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("CrashLoopBackOff", "Exit Code:    2");
        String events = result.stdout().substring(result.stdout().indexOf("Events:"));
        assertThat(events).containsPattern("Warning\\s+BackOff\\s+.*\\(x9 over .*\\)\\s+kubelet\\s+Back-off restarting");
    }

    @Test
    void shouldSayNotFoundWhenKubectlGetsMissingPod() throws Exception {
        Result result = kubectl("get", "pod", "-n", "demo", "no-such-pod");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("pods \"no-such-pod\" not found");
    }

    @Test
    void shouldNotifyInformerWhenKubectlCreatesPod() throws Exception {
        Path manifest = workDir.resolve("pod.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: created-by-kubectl
                  namespace: demo
                spec:
                  containers:
                  - name: app
                    image: busybox
                """);
        InformerNotifications<Pod> seen = new InformerNotifications<>();
        try (KubernetesClient client = cluster.client()) {
            SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().inform(seen);
            try {
                Result created = kubectl("create", "--validate=false", "-f", manifest.toString());
                assertThat(created.exitCode()).as(created.stderr()).isZero();
                assertThat(seen.awaitNotification("ADD demo/created-by-kubectl")).isTrue();

                Result deleted = kubectl("delete", "pod", "-n", "demo", "created-by-kubectl");
                assertThat(deleted.exitCode()).as(deleted.stderr()).isZero();
                assertThat(seen.awaitNotification("DELETE demo/created-by-kubectl")).isTrue();
            } finally {
                informer.stop();
            }
        }
    }

    private static JsonNode findByName(JsonNode list, String name) {
        for (JsonNode item : list.path("items")) {
            if (item.path("metadata").path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs kubectl with the written kubeconfig and its own discovery cache, as the `up` banner tells people to. */
    private static Result kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", workDir.resolve("kube-cache").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "kubectl", ".out");
        Path err = Files.createTempFile(workDir, "kubectl", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
