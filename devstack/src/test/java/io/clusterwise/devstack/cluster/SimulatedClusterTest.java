package io.clusterwise.devstack.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class SimulatedClusterTest {

    static final String GREETER_POD = "greeter-8f2588814d-a31b9";
    static final String GREETER_UID = "5cda4217-829e-50d4-4539-3e3b04424452";

    @RegisterExtension
    static final SeededCluster seeded = new SeededCluster();

    @Test
    void shouldListSeededPodsWithTheirOwnUidsWhenClientConnects() {
        List<Pod> pods = seeded.client().pods().inAnyNamespace().list().getItems();

        assertThat(pods).extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
                .containsExactlyInAnyOrder("demo/" + GREETER_POD,
                        "kube-system/coredns-795c02f480-f9680", "kube-system/coredns-795c02f480-9cf26");
        Pod greeter = seeded.client().pods().inNamespace("demo").withName(GREETER_POD).get();
        assertThat(greeter.getMetadata().getUid()).isEqualTo(GREETER_UID);
        assertThat(greeter.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                .isEqualTo("CrashLoopBackOff");
    }

    @Test
    void shouldShiftIncidentToTheLastHourWhenSeeded() {
        Event backOff = backOffEvent();

        assertThat(backOff.getInvolvedObject().getUid()).isEqualTo(GREETER_UID);
        assertThat(Instant.parse(backOff.getLastTimestamp()))
                .isCloseTo(Instant.now().minus(Duration.ofMinutes(1)), within(30, java.time.temporal.ChronoUnit.SECONDS));
        Pod greeter = seeded.client().pods().inNamespace("demo").withName(GREETER_POD).get();
        assertThat(Instant.parse(greeter.getMetadata().getCreationTimestamp()))
                .isBetween(Instant.now().minus(Duration.ofHours(1)), Instant.now().minus(Duration.ofMinutes(1)));
    }

    @Test
    void shouldServeGreeterPreviousLogWhenAskedWithLineAndByteLimits() {
        String all = seeded.client().pods().inNamespace("demo").withName(GREETER_POD).inContainer("greeter")
                .terminated().getLog();
        String tail = seeded.client().pods().inNamespace("demo").withName(GREETER_POD).inContainer("greeter")
                .terminated().tailingLines(2).getLog();
        // fabric8's DSL offers limitBytes or terminated, not both: its implementation is both, as the API is
        String bytes = ((io.fabric8.kubernetes.client.dsl.BytesLimitTerminateTimeTailPrettyLoggable) seeded.client()
                .pods().inNamespace("demo").withName(GREETER_POD).inContainer("greeter").limitBytes(20))
                .terminated().getLog();

        assertThat(all).contains("panic: database greeter-db.demo.svc unreachable").contains("main.go:42");
        assertThat(tail.lines()).containsExactly("main.main()", "\t/src/greeter/main.go:42 +0x1d4");
        assertThat(bytes).hasSize(20).isEqualTo(all.substring(0, 20));
    }

    @Test
    void shouldRefusePreviousLogWhenContainerNeverTerminated() {
        assertThatThrownBy(() -> seeded.client().pods().inNamespace("kube-system")
                .withName("coredns-795c02f480-f9680").terminated().getLog())
                .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .hasMessageContaining("previous terminated container");
    }

    @Test
    void shouldCreateEveryNamespaceOfTheSeedWhenSeeded() {
        assertThat(seeded.client().namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
                .contains("default", "demo", "kube-system");
    }

    @Test
    void shouldDeliverAddAndUpdateToInformerWhenObjectsChange() throws InterruptedException {
        InformerNotifications<Pod> seen = new InformerNotifications<>();
        SharedIndexInformer<Pod> informer = seeded.client().pods().inAnyNamespace().inform(seen);
        try {
            assertThat(seen.awaitNotification("ADD demo/" + GREETER_POD)).isTrue();

            seeded.client().pods().inNamespace("demo").withName(GREETER_POD).edit(p -> {
                p.getMetadata().getLabels().put("seen-by", "test");
                return p;
            });

            assertThat(seen.awaitNotification("UPDATE demo/" + GREETER_POD)).isTrue();
        } finally {
            informer.stop();
        }
    }

    @Test
    void shouldServeInformersOfAClientConfiguredOnlyByTheKubeconfig(@TempDir Path dir) throws Exception {
        // what the ingest service gets: clusterwise.ingest.kubeconfig=<this file>, nothing else
        Path kubeconfig = seeded.cluster().writeKubeconfig(dir.resolve("kubeconfig"));
        InformerNotifications<Event> seen = new InformerNotifications<>();
        try (KubernetesClient fromKubeconfig = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
            SharedIndexInformer<Event> informer = fromKubeconfig.v1().events().inAnyNamespace().inform(seen);
            try {
                assertThat(seen.awaitNotification("ADD demo/" + backOffEvent().getMetadata().getName())).isTrue();
            } finally {
                informer.stop();
            }
        }
    }

    @Test
    void shouldAdvanceIncidentWhenLive() {
        try (SimulatedCluster live = SimulatedCluster.start(0, Duration.ofMillis(200));
             KubernetesClient liveClient = live.client()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Pod greeter = liveClient.pods().inNamespace("demo").withName(GREETER_POD).get();
                assertThat(greeter.getStatus().getContainerStatuses().get(0).getRestartCount()).isGreaterThan(9);
                Event backOff = liveClient.v1().events().inNamespace("demo").list().getItems().stream()
                        .filter(e -> "BackOff".equals(e.getReason())).findFirst().orElseThrow();
                assertThat(backOff.getCount()).isGreaterThan(9);
            });
        }
    }

    @Test
    void shouldKeepAnsweringAndCloseCleanlyWhenAWatchEndsWhileAnEventIsBeingWritten() throws Exception {
        SimulatedCluster watched = SimulatedCluster.start(0);
        try (KubernetesClient writer = watched.client()) {
            try (Socket watcher = new Socket()) {
                // a watch client that has stopped reading: the server's next event write cannot complete
                watcher.setReceiveBufferSize(4096);
                watcher.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), watched.port()), 5000);
                openWatch(watcher, "/api/v1/namespaces/demo/configmaps?watch=true");
                String megabyte = "x".repeat(1 << 20);
                for (int i = 0; i < 12; i++) {
                    writer.configMaps().inNamespace("demo").resource(new ConfigMapBuilder()
                            .withNewMetadata().withName("big-" + i).endMetadata()
                            .addToData("blob", megabyte).build()).create();
                }
                // the client ends its watch while an event is still being written to it
                // a masked close frame, status 1000: FIN+close, mask bit+length 2, mask 1 2 3 4, 0x03E8 masked
                byte[] close = {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) 0xE8 ^ 2};
                watcher.getOutputStream().write(close);
                watcher.getOutputStream().flush();

                CompletableFuture<List<Namespace>> namespaces =
                        CompletableFuture.supplyAsync(() -> writer.namespaces().list().getItems());
                assertThat(namespaces.get(5, TimeUnit.SECONDS)).isNotEmpty();
            }
        } finally {
            assertThatCode(watched::close).doesNotThrowAnyException();
        }
    }

    @Test
    void shouldEndWatchesWith410GoneAndLetInformersRelistWhenWatchesExpire() throws Exception {
        CompletableFuture<io.fabric8.kubernetes.client.WatcherException> closed = new CompletableFuture<>();
        InformerNotifications<ConfigMap> seen = new InformerNotifications<>();
        SharedIndexInformer<ConfigMap> informer = seeded.client().configMaps().inNamespace("demo").inform(seen);
        try (io.fabric8.kubernetes.client.Watch watch = seeded.client().configMaps().inNamespace("demo")
                .watch(new io.fabric8.kubernetes.client.Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                    }

                    @Override
                    public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
                        closed.complete(cause);
                    }
                })) {
            await().atMost(Duration.ofSeconds(10)).until(informer::isWatching);

            assertThat(seeded.cluster().expireWatches()).as("the watch and the informer's").isGreaterThanOrEqualTo(2);

            assertThat(closed.get(10, TimeUnit.SECONDS).isHttpGone()).as("the watch ended with 410 Gone").isTrue();
            seeded.client().configMaps().inNamespace("demo").resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("after-expiry").endMetadata().build()).create();
            assertThat(seen.awaitNotification("ADD demo/after-expiry")).as("the informer relisted and watches again")
                    .isTrue();
        } finally {
            informer.stop();
        }
    }

    /** Upgrades {@code socket} to a WebSocket watch on {@code path} and reads the 101 answer (nothing more). */
    private static void openWatch(Socket socket, String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + socket.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the watch upgrade was refused: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
    }

    private Event backOffEvent() {
        return seeded.client().v1().events().inNamespace("demo").list().getItems().stream()
                .filter(e -> "BackOff".equals(e.getReason()))
                .findFirst().orElseThrow();
    }
}
