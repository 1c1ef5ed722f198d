package io.clusterwise.ingest.replay;

import io.clusterwise.contracts.WireJson;
import io.clusterwise.ingest.IngestStack;
import io.clusterwise.ingest.TopicRecords;
import io.clusterwise.ingest.logs.ContainerLogs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The replay source: a dump published as the informers would, all of it in one transaction or nothing. */
class ReplayIntegrationTests {

    @TempDir
    static Path dir;

    @RegisterExtension
    static final IngestStack stack = new IngestStack();

    @Test
    void shouldPublishTheDumpLikeTheInformersWhenIngestRunsInReplayMode() throws IOException {
        Path dump = DumpFactsTest.sample(Files.createTempDirectory(dir, "good"));
        DumpFacts.Facts expected = DumpFacts.read(dump, "replayed");

        ConfigurableApplicationContext ingest = stack.startIngest("replayed", "--clusterwise.ingest.source=replay",
                "--clusterwise.ingest.replay-file=" + dump);

        await().atMost(TopicRecords.WAIT).untilAsserted(() -> assertThat(stack.records().of("replayed"))
                .hasSize(expected.snapshots().size() + expected.events().size()));
        assertThat(stack.records().states("replayed")).extracting(r -> r.snapshot().object())
                .containsExactlyInAnyOrderElementsOf(expected.snapshots().stream().map(s -> s.object()).toList());
        assertThat(stack.records().events("replayed")).extracting(r -> r.event())
                .containsExactlyInAnyOrderElementsOf(expected.events());
        assertThat(stack.records().events("replayed")).allSatisfy(r ->
                assertThat(r.envelope().time()).isEqualTo(r.event().lastSeen()).isBefore(java.time.Instant.parse("2026-11-21T00:00:00Z")));
        await().atMost(TopicRecords.WAIT).untilAsserted(() -> assertThat(health(ingest)).contains("\"published\":15"));
        assertThat(ingest.getBeanProvider(ContainerLogs.class).getIfAvailable()).as("replay reads no logs").isNull();
        assertThat(stack.records().logs("replayed")).isEmpty();
        assertThat(stack.logRequests()).isEmpty();
        ingest.close();
    }

    @Test
    void shouldPublishNothingAndReportTheProblemWhenReplayFileIsTruncated() throws IOException {
        Path dump = DumpFactsTest.sample(Files.createTempDirectory(dir, "cut"));
        String whole = Files.readString(dump);
        Files.writeString(dump, whole.substring(0, whole.length() - 200));

        ConfigurableApplicationContext ingest = stack.startIngest("truncated", "--clusterwise.ingest.source=replay",
                "--clusterwise.ingest.replay-file=" + dump);

        await().atMost(TopicRecords.WAIT).untilAsserted(() -> assertThat(health(ingest))
                .contains("\"status\":\"DOWN\"").containsPattern("truncated JSON: [^\"]* at \\d+:\\d+"));
        assertThat(stack.records().of("truncated")).isEmpty();
        ingest.close();
    }

    @Test
    void shouldPublishNothingPartialWhenKafkaRefusesOneRecordMidway() throws IOException {
        DumpFacts.Facts facts = DumpFacts.read(DumpFactsTest.sample(Files.createTempDirectory(dir, "big")), "partial");
        // the pod manifests are larger than this: the first snapshots go out, then one is refused
        ReplayPublisher publisher = new ReplayPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(), ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2500), "partial", Duration.ofSeconds(10));

        assertThatThrownBy(() -> publisher.publish(facts, 1000, (done, total) -> { }))
                .isInstanceOf(ReplayPublisher.ReplayPublishException.class)
                .hasMessageStartingWith("nothing was published: ");
        stack.records().awaitQuiet(Duration.ofSeconds(1));
        assertThat(stack.records().of("partial")).isEmpty();
    }

    private static String health(ConfigurableApplicationContext ingest) {
        return IngestStack.httpGet(ingest, "/actuator/health");
    }
}
