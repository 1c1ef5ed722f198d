package io.clusterwise.reliability;

import io.clusterwise.platform.ApiAccess;
import io.clusterwise.platform.Kubectl;
import io.clusterwise.platform.Kustomization;
import io.clusterwise.platform.Manifest;
import io.clusterwise.platform.Manifests;
import io.clusterwise.platform.PlatformRepo;
import io.clusterwise.platform.RbacRules;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #8 point 6: only ingest can reach the Kubernetes API. The worker and the gateway, running, hold no fabric8
 * client and no kubeconfig setting; as deployed, their pods get no ServiceAccount token and their accounts no role;
 * and every role bound to any account of the platform is read-only and never reaches Secrets ({@link RbacRules}).
 * The platform module checks each manifest rule on its own; this is the whole system's view of who holds API access.
 */
class NoClusterCredentialsTest {

    private static final Set<String> NO_API_ACCESS = Set.of("agent-worker", "chat-gateway");
    private static final String READER = "ingest-service";
    /** A setting that could point a service at a cluster: kubeconfig, kubernetes.*, KUBECONFIG, fabric8's kubernetes.master. */
    private static final Pattern KUBE_SETTING = Pattern.compile("(?i).*kube.*");

    private static ReliabilityStack stack;
    private static final Map<String, ConfigurableApplicationContext> services = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
        services.put(READER, stack.startIngest(Map.of()));
        services.put("agent-worker", stack.startWorker(Map.of()));
        services.put("chat-gateway", stack.startGateway(Map.of()));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldHoldNoKubernetesClientNorKubeconfigSettingWhenWorkerAndGatewayRun() {
        // the control: the same checks see ingest's client and its kubeconfig setting
        assertThat(services.get(READER).getBeanNamesForType(KubernetesClient.class)).isNotEmpty();
        assertThat(kubeSettings(services.get(READER))).anyMatch(s -> s.contains("clusterwise.ingest.kubeconfig"));

        for (String name : NO_API_ACCESS) {
            ConfigurableApplicationContext service = services.get(name);
            assertThat(service.getBeanNamesForType(KubernetesClient.class)).as("%s KubernetesClient beans", name)
                    .isEmpty();
            assertThat(fabric8Beans(service)).as("%s beans of an io.fabric8 type", name).isEmpty();
            assertThat(kubeSettings(service)).as("%s settings naming a cluster (property source: key)", name)
                    .isEmpty();
        }
    }

    @Test
    void shouldGiveOnlyIngestAnApiTokenAndOnlyReadOnlyRolesWhenThePlatformIsDeployed() {
        String namespace = Kustomization.load(PlatformRepo.platform().resolve("base")).namespace();
        Map<String, Manifests> renderings = new LinkedHashMap<>();
        renderings.put("base as written", PlatformRepo.base());
        Kubectl.onPath().ifPresentOrElse(kubectl -> renderings.putAll(PlatformRepo.renderOverlays(kubectl)),
                () -> System.out.println("NoClusterCredentialsTest: kubectl not on the PATH: overlays not rendered, "
                        + "the base as written checked only"));

        renderings.forEach((rendering, manifests) -> {
            Map<String, String> apiAccess = new TreeMap<>();
            List<String> roleViolations = new ArrayList<>();
            for (Manifest workload : manifests.workloads()) {
                List<ApiAccess.Binding> bindings =
                        ApiAccess.bindingsOf(namespace, ApiAccess.serviceAccount(workload), manifests);
                if (ApiAccess.mountsToken(workload, manifests) || !bindings.isEmpty()) {
                    apiAccess.put(workload.name(), "token " + ApiAccess.mountsToken(workload, manifests) + ", roles "
                            + bindings.stream().map(b -> b.roleKind() + "/" + b.roleName()).toList());
                }
            }
            for (Manifest account : manifests.ofKind("ServiceAccount")) {
                for (ApiAccess.Binding binding : ApiAccess.bindingsOf(namespace, account.name(), manifests)) {
                    if (binding.role().isEmpty()) {
                        roleViolations.add(account.name() + " is bound to " + binding.roleKind() + "/"
                                + binding.roleName() + ", which is not among the manifests (built-in?)");
                    }
                    binding.role().ifPresent(role -> roleViolations.addAll(RbacRules.violations(role)));
                }
            }

            assertThat(apiAccess.keySet()).as("workloads with an API token or a role in %s: %s", rendering, apiAccess)
                    .containsExactly(READER);
            assertThat(manifests.ofKind("ServiceAccount")).extracting(Manifest::name)
                    .as("ServiceAccounts in %s", rendering).containsAll(NO_API_ACCESS);
            assertThat(manifests.ofKind("ServiceAccount")).as("accounts with a role in %s", rendering)
                    .filteredOn(a -> !ApiAccess.bindingsOf(namespace, a.name(), manifests).isEmpty())
                    .extracting(Manifest::name).containsExactly(READER);
            assertThat(roleViolations).as("roles bound to the platform's accounts in %s", rendering).isEmpty();
        });
    }

    /** Beans whose type is fabric8's (a client, its config, an informer factory). */
    private static List<String> fabric8Beans(ConfigurableApplicationContext context) {
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        return Arrays.stream(beans.getBeanDefinitionNames()).filter(name -> {
            Class<?> type = beans.getType(name, false);
            return type != null && type.getName().startsWith("io.fabric8.");
        }).toList();
    }

    /**
     * Keys naming a cluster in the service's own configuration: its properties file, its defaults and the arguments
     * it was started with — every property source but the machine's environment and JVM system properties.
     */
    private static List<String> kubeSettings(ConfigurableApplicationContext context) {
        List<String> out = new ArrayList<>();
        for (PropertySource<?> source : context.getEnvironment().getPropertySources()) {
            if (source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                    || source.getName().equals(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)
                    || !(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            Arrays.stream(enumerable.getPropertyNames()).filter(key -> KUBE_SETTING.matcher(key).matches())
                    .forEach(key -> out.add(source.getName() + ": " + key));
        }
        return out;
    }
}
