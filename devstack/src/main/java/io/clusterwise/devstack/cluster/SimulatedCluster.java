package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes API server good enough for the local stack: fabric8's mock server in CRUD mode on
 * {@code http://127.0.0.1:PORT}, with the discovery, content types, typed lists, field selectors and tables that
 * real {@code kubectl} needs, seeded with a CrashLoopBackOff incident whose timestamps are moved to just now.
 * Informers (the ingest service's, or a test's) get ADD/UPDATE/DELETE for every change, including kubectl's.
 */
public final class SimulatedCluster implements AutoCloseable {

    /** Cluster, user and context name in the written kubeconfig. */
    public static final String CONTEXT = "clusterwise-simulated";

    /** The bearer token in the kubeconfig; the simulated cluster accepts any. */
    static final String TOKEN = "simulated-cluster-accepts-any-token";

    /** How often {@code up --live} advances the incident by default. */
    public static final Duration DEFAULT_LIVE_INTERVAL = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(SimulatedCluster.class);

    /**
     * The mock web server logs every request at INFO through java.util.logging, before any SLF4J bridge exists;
     * held here because JUL keeps loggers only weakly and would forget the level.
     */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger(MockWebServer.class.getName());

    private final KubernetesMockServer server;
    private final KubernetesClient ownClient;
    private final ScheduledExecutorService ticker;
    private final WatchCloser watchCloser;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimulatedCluster(KubernetesMockServer server, KubernetesClient ownClient, ScheduledExecutorService ticker,
                             WatchCloser watchCloser) {
        this.server = server;
        this.ownClient = ownClient;
        this.ticker = ticker;
        this.watchCloser = watchCloser;
    }

    /** Starts a seeded cluster on {@code port} (0 = a free one) without the live incident. */
    public static SimulatedCluster start(int port) {
        return start(port, Duration.ZERO);
    }

    /**
     * Starts a seeded cluster on {@code port} (0 = a free one). With a positive {@code liveIncidentEvery}, a daemon
     * thread advances the incident at that interval (another restart, another BackOff); zero keeps it still.
     */
    public static SimulatedCluster start(int port, Duration liveIncidentEvery) {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        Clock clock = Clock.systemUTC();
        ObjectMapper json = new ObjectMapper();
        AtomicInteger boundPort = new AtomicInteger();
        // the CRUD dispatcher alone (no expectations): its store is needed to restore the seed's identities
        SimulatedCrud crud = new SimulatedCrud();
        WatchCloser watchCloser = new WatchCloser();
        SimulatedApiDispatcher dispatcher = new SimulatedApiDispatcher(crud, json, clock, boundPort::get, watchCloser);
        MockWebServer http = new MockWebServer();
        // HTTP/1.1 only: a client from a plain kubeconfig (the ingest service's) would otherwise upgrade to h2c, and
        // the server then waits out its 10 s close timeout for those connections at shutdown
        http.setHttp2ClearTextEnabled(false);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), http, new HashMap<>(), dispatcher, false);
        try {
            server.init(InetAddress.getLoopbackAddress(), port);
        } catch (RuntimeException e) {
            watchCloser.close();
            throw new IllegalStateException("the simulated cluster cannot listen on 127.0.0.1:" + port + ": "
                    + e.getMessage(), e);
        }
        boundPort.set(server.getPort());
        KubernetesClient client = newClient(server.getPort());
        ScheduledExecutorService ticker = null;
        try {
            new Seeder(client, json).seed(IncidentSeed.load(IncidentSeed.CRASHLOOP_GREETER, json, clock.instant()),
                    crud.getMap());
            if (liveIncidentEvery.compareTo(Duration.ZERO) > 0) {
                ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "simulated-cluster-incident");
                    t.setDaemon(true);
                    return t;
                });
                ticker.scheduleAtFixedRate(new IncidentTicker(client, clock), liveIncidentEvery.toMillis(),
                        liveIncidentEvery.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            client.close();
            server.destroy();
            watchCloser.close();
            throw e;
        }
        log.info("simulated cluster listening on http://127.0.0.1:{}", server.getPort());
        return new SimulatedCluster(server, client, ticker, watchCloser);
    }

    private static KubernetesClient newClient(int port) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + port)
                .withOauthToken(TOKEN)
                .withHttp2Disable(true)
                .withNamespace("default")
                .withRequestRetryBackoffLimit(1)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public int port() {
        return server.getPort();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** A new fabric8 client for this cluster (plain HTTP/1.1, namespace {@code default}); the caller closes it. */
    public KubernetesClient client() {
        return newClient(port());
    }

    /**
     * Writes a kubeconfig for this cluster (server {@code http://127.0.0.1:PORT}, a dummy token, context
     * {@value #CONTEXT}) to {@code file}, creating its directory, and returns {@code file}.
     */
    public Path writeKubeconfig(Path file) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: %3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                current-context: %1$s
                """.formatted(CONTEXT, url(), TOKEN);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated cluster's kubeconfig to " + file, e);
        }
        return file;
    }

    /**
     * Ends every open watch as an API server does when the resourceVersion a watch started from has been compacted
     * away: a watch event of type {@code ERROR} carrying a {@code 410 Expired} Status, then the end of the watch.
     * Informers then list again and watch from the new list's resourceVersion (a fault the reliability tests inject).
     *
     * @return how many watches were ended
     */
    public int expireWatches() {
        return watchCloser.expireAll();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
        ownClient.close();
        try {
            server.destroy();
        } finally {
            watchCloser.close();
        }
    }
}
