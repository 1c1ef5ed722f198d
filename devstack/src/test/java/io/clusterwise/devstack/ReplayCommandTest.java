package io.clusterwise.devstack;

import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.devstack.kafka.LocalBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplayCommandTest {

    private static LocalBroker broker;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ReplayCommand replay = new ReplayCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Duration.ofSeconds(3));

    @BeforeAll
    static void startBroker() {
        broker = LocalBroker.start(0);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void shouldPublishSnapshotsAndFactsUnderTheClusterNameWhenDumpIsGood() throws IOException {
        Path dump = sample();

        int code = replay.run(List.of("--file", dump.toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--cluster-name=replayed"));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("published 15 records: 9 on cluster.state, 6 on cluster.events");
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(20))
                .until(() -> committed("replayed"), r -> r.size() == 15);
        ConsumerRecord<String, byte[]> pod = records.stream()
                .filter(r -> "5cda4217-829e-50d4-4539-3e3b04424452".equals(r.key())
                        && r.topic().equals(Topic.CLUSTER_STATE.topicName())).findFirst().orElseThrow();
        ObjectSnapshot snapshot = (ObjectSnapshot) WireJson.read(Topic.CLUSTER_STATE, pod.value()).data();
        assertThat(snapshot.object().name()).isEqualTo("greeter-8f2588814d-a31b9");
        assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .noneMatch(json -> json.contains("hunter2-prod-secret"));
    }

    @Test
    void shouldShowProgressWhenDumpIsLong() throws IOException {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            items.append(i == 0 ? "" : ",").append("""
                    {"apiVersion":"v1","kind":"Event","metadata":{"name":"e.%1$d","namespace":"big","uid":"u-%1$d"},
                     "involvedObject":{"kind":"Pod","namespace":"big","name":"p"},"reason":"BackOff","message":"m",
                     "type":"Warning","count":1,"lastTimestamp":"2026-11-20T09:00:00Z"}""".formatted(i));
        }
        Path dump = Files.writeString(dir.resolve("big.json"), "{\"kind\":\"EventList\",\"items\":[" + items + "]}");

        int code = replay.run(List.of("--file=" + dump, "--bootstrap-servers=" + broker.bootstrapServers(),
                "--cluster-name", "big"));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("1000/2500 records sent").contains("2000/2500 records sent")
                .contains("published 2500 records");
    }

    @Test
    void shouldExitTwoAndPublishNothingWhenDumpIsTruncated() throws IOException {
        String whole = new String(sampleStream().readAllBytes(), StandardCharsets.UTF_8);
        Path cut = Files.writeString(dir.resolve("cut.json"), whole.substring(0, whole.length() - 300));

        int code = replay.run(List.of("--file", cut.toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--cluster-name", "truncated"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read " + cut + ": truncated JSON").containsPattern("at \\d+:\\d+")
                .contains("nothing was published");
        assertThat(committed("truncated")).isEmpty();
    }

    @Test
    void shouldExitOneWhenKafkaCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int code = replay.run(List.of("--file", sample().toString(), "--bootstrap-servers", "localhost:" + closedPort));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("clusterwise replay: could not publish to localhost:" + closedPort
                + ": nothing was published");
    }

    @Test
    void shouldExitTwoWithUsageWhenFileIsMissingOrOptionUnknown() {
        assertThat(replay.run(List.of())).isEqualTo(2);
        assertThat(err.toString()).contains("clusterwise replay: --file is required").contains("Usage: clusterwise replay");
        assertThat(replay.run(List.of("--file", "x.json", "--bogus"))).isEqualTo(2);
        assertThat(err.toString()).contains("unknown option '--bogus'");
        assertThat(replay.run(List.of("--file"))).isEqualTo(2);
        assertThat(err.toString()).contains("--file needs a value");
    }

    @Test
    void shouldPrintUsageAndExitZeroWhenHelpIsAsked() {
        assertThat(replay.run(List.of("--help"))).isZero();
        assertThat(out.toString()).startsWith("Usage: clusterwise replay --file DUMP [--bootstrap-servers HOST:PORT]")
                .contains("Exit codes: 0 published, 1 could not publish");
    }

    private Path sample() throws IOException {
        Path file = dir.resolve("crashloop-greeter.json");
        try (InputStream in = sampleStream()) {
            Files.copy(in, file);
        }
        return file;
    }

    private static InputStream sampleStream() {
        return ReplayCommandTest.class.getResourceAsStream("/seed/crashloop-greeter.json");
    }

    /** Every committed record on cluster.events and cluster.state whose envelope names {@code source}. */
    private static List<ConsumerRecord<String, byte[]>> committed(String source) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = Stream.of(Topic.CLUSTER_EVENTS, Topic.CLUSTER_STATE)
                    .flatMap(t -> IntStream.range(0, t.partitions()).mapToObj(p -> new TopicPartition(t.topicName(), p)))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
            return all.stream().filter(r -> r.value() != null
                    && WireJson.read(Topic.fromName(r.topic()).orElseThrow(), r.value()).source().equals(source)).toList();
        }
    }
}
