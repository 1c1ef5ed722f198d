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
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * What the ingest runs against in the integration tests: a real KRaft broker with every clusterwise topic, fabric8's
 * CRUD mock API server reached through a kubeconfig file over plain HTTP, a {@link TopicRecords} reader of what was
 * published, and ingest contexts started with {@link IngestServiceApplication#builder()}. One stack serves a whole
 * test class: {@code @RegisterExtension static final IngestStack stack = new IngestStack();} starts it before the
 * class's {@code @BeforeAll} methods and closes it (with every ingest it started) after the class.
 * <p>
 * The API server is in "mixed" mode: {@code apiServer().expect()} expectations are served first, everything else by
 * the CRUD dispatcher — except container logs ({@code GET …/pods/<pod>/log}), which the CRUD dispatcher would answer
 * with a pod list: without an expectation they are answered 404, as an API server does when the previous container
 * is gone. Every log request is recorded with when it arrived ({@link #logRequests()}).
 */
public final class IngestStack implements BeforeAllCallback, AfterAllCallback {

    public static final String TEST_USER_AGENT = "clusterwise-test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
    private final ApiServer dispatcher;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private EmbeddedKafkaKraftBroker broker;
    private KubernetesMockServer apiServer;
    private ApiServerConnections apiConnections;
    private KubernetesClient kube;
    private Path kubeconfig;
    private TopicRecords records;

    public IngestStack() {
        this(new KubernetesCrudDispatcher());
    }

    /** @param dispatcher how the mock API server answers (e.g. a CRUD dispatcher that fails some requests) */
    public IngestStack(Dispatcher dispatcher) {
        this.dispatcher = new ApiServer(expectations, dispatcher);
    }

    /** A container log request as the API server received it: its path with the query, and when (nanoTime). */
    public record LogRequest(String path, long receivedAt) {
    }

    /** Expectations first, recorded (and otherwise 404) container logs, the cluster's dispatcher for the rest. */
    private static final class ApiServer extends Dispatcher {
        private static final Pattern LOG_PATH = Pattern.compile("/api/v1/namespaces/[^/]+/pods/[^/]+/log(\\?.*)?");

        private final Map<ServerRequest, Queue<ServerResponse>> expectations;
        private final MockDispatcher expected;
        private final Dispatcher cluster;
        private final List<LogRequest> logRequests = new CopyOnWriteArrayList<>();

        ApiServer(Map<ServerRequest, Queue<ServerResponse>> expectations, Dispatcher cluster) {
            this.expectations = expectations;
            this.expected = new MockDispatcher(expectations);
            this.cluster = cluster;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            boolean log = "GET".equals(request.getMethod()) && LOG_PATH.matcher(request.getPath()).matches();
            if (log) {
                logRequests.add(new LogRequest(request.getPath(), System.nanoTime()));
            }
            Queue<ServerResponse> queued = expectations.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()),
                    request.getPath()));
            if (queued != null && !queued.isEmpty()) {
                return expected.dispatch(request);
            }
            if (log) {
                return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"message\":\"previous terminated container not found\","
                        + "\"reason\":\"NotFound\",\"code\":404}");
            }
            return cluster.dispatch(request);
        }

        @Override
        public void shutdown() {
            cluster.shutdown();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        broker = new EmbeddedKafkaKraftBroker(1, Topic.CLUSTER_EVENTS.partitions());
        // one broker: the transaction log (replay publishes in a transaction) must live with one replica
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            Topics.ensureCreated(admin, (short) 1);
        }
        MockWebServer http = new MockWebServer();
        apiConnections = ApiServerConnections.on(http);
        apiServer = new KubernetesMockServer(new Context(), http, expectations, dispatcher, false);
        apiServer.init();
        Config testClientConfig = new ConfigBuilder(Config.empty()).withMasterUrl(apiServer.url("/"))
                .withHttp2Disable(true).withUserAgent(TEST_USER_AGENT).withNamespace("default").build();
        kube = new KubernetesClientBuilder().withConfig(testClientConfig).build();
        kubeconfig = Kubeconfigs.write(Files.createTempDirectory("clusterwise-kube"), apiServer.url("/"));
        records = new TopicRecords(broker.getBrokersAsString());
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

    /** Every container log request the API server received so far, in order. */
    public List<LogRequest> logRequests() {
        return List.copyOf(dispatcher.logRequests);
    }

    /** The container log requests for pods in {@code namespace}. */
    public List<LogRequest> logRequests(String namespace) {
        String prefix = "/api/v1/namespaces/" + namespace + "/pods/";
        return logRequests().stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** Everything published to cluster.events, cluster.state and cluster.logs so far. */
    public TopicRecords records() {
        return records;
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
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        contexts.forEach(c -> {
            if (c.isActive()) {
                c.close();
            }
        });
        if (records != null) {
            records.close();
        }
        if (kube != null) {
            kube.close();
        }
        if (apiServer != null) {
            apiConnections.awaitAllClosed();
            apiServer.destroy();
        }
        if (broker != null) {
            broker.destroy();
        }
        if (kubeconfig != null) {
            Files.deleteIfExists(kubeconfig);
            Files.deleteIfExists(kubeconfig.getParent());
        }
    }
}
