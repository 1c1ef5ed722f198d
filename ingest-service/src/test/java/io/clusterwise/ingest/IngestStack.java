package io.clusterwise.ingest;

import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Topics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ingest runs against in the integration tests: a real KRaft broker with every clusterwise topic, fabric8's
 * CRUD mock API server reached through a kubeconfig file over plain HTTP, and ingest contexts started with
 * {@link IngestServiceApplication#builder()} (closed with the stack).
 */
public final class IngestStack implements AutoCloseable {

    public static final String TEST_USER_AGENT = "clusterwise-test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final EmbeddedKafkaKraftBroker broker;
    private final KubernetesMockServer apiServer;
    private final KubernetesClient kube;
    private final Path kubeconfig;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    public IngestStack(Path dir) {
        this(dir, new KubernetesCrudDispatcher());
    }

    public IngestStack(Path dir, Dispatcher dispatcher) {
        broker = new EmbeddedKafkaKraftBroker(1, Topic.CLUSTER_EVENTS.partitions());
        // one broker: the transaction log (replay publishes in a transaction) must live with one replica
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
        }
        apiServer = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        apiServer.init();
        Config testClientConfig = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.url("/"))
                .withHttp2Disable(true).withUserAgent(TEST_USER_AGENT).withNamespace("default").build();
        kube = new KubernetesClientBuilder().withConfig(testClientConfig).build();
        try {
            kubeconfig = Kubeconfigs.write(Files.createTempDirectory(dir, "kube"), apiServer.url("/"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    public KubernetesClient kube() {
        return kube;
    }

    public KubernetesMockServer apiServer() {
        return apiServer;
    }

    /** Starts an ingest for {@code cluster}; {@code args} are extra {@code --key=value} arguments. */
    public ConfigurableApplicationContext startIngest(String cluster, String... args) {
        List<String> all = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--clusterwise.cluster-name=" + cluster,
                "--clusterwise.ingest.kubeconfig=" + kubeconfig,
                "--management.metrics.use-global-registry=false"));
        all.addAll(List.of(args));
        ConfigurableApplicationContext context = IngestServiceApplication.builder().run(all.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    public Pod createGreeterPod(String namespace) {
        Pod pod = new PodBuilder(Samples.greeterPod()).editMetadata().withNamespace(namespace).endMetadata().build();
        return kube.pods().inNamespace(namespace).resource(pod).create();
    }

    public static String httpGet(ConfigurableApplicationContext context, String path) {
        String port = context.getEnvironment().getProperty("local.server.port");
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        contexts.forEach(c -> {
            if (c.isActive()) {
                c.close();
            }
        });
        kube.close();
        apiServer.destroy();
        broker.destroy();
    }
}
