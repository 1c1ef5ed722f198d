package io.clusterwise.ingest.replay;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.ingest.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DumpFactsTest {

    static final Path SHARED_SAMPLE = Path.of("/work/shared/samples/crashloop-greeter.json");

    @TempDir
    Path dir;

    static Path sample(Path dir) throws IOException {
        Path file = dir.resolve("crashloop-greeter.json");
        try (var in = DumpFactsTest.class.getResourceAsStream("/crashloop-greeter.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void shouldReturnSnapshotsAndFactsLikeTheInformersWhenGreeterDumpIsRead() throws IOException {
        DumpFacts.Facts facts = DumpFacts.read(sample(dir), "prod");

        // 2 nodes, 2 deployments, 2 replicasets, 3 pods: every object but the Events has a snapshot
        assertThat(facts.snapshots()).hasSize(9);
        ObjectSnapshot pod = facts.snapshots().stream()
                .filter(s -> Samples.GREETER_POD_UID.equals(s.object().uid())).findFirst().orElseThrow();
        assertThat(pod.object()).isEqualTo(new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9",
                Samples.GREETER_POD_UID));
        assertThat(pod.owners()).extracting(ObjectRef::kind).containsExactly("ReplicaSet", "Deployment");
        assertThat(pod.owners().get(1).name()).isEqualTo("greeter");
        // the pod's own latest timestamp (its last termination), not the time of reading
        assertThat(pod.observedAt()).isEqualTo(Instant.parse("2026-11-20T09:04:51Z"));
        assertThat(pod.manifest().path("status").path("containerStatuses").get(0).path("restartCount").asInt())
                .isEqualTo(9);

        ClusterEvent backOff = facts.events().stream()
                .filter(e -> Samples.BACKOFF_EVENT_UID.equals(e.eventUid())).findFirst().orElseThrow();
        assertThat(backOff.reason()).isEqualTo("BackOff");
        assertThat(backOff.count()).isEqualTo(9);
        assertThat(backOff.lastSeen()).isEqualTo(Instant.parse("2026-11-20T09:58:20Z"));
        assertThat(backOff.owners()).extracting(ObjectRef::kind).containsExactly("ReplicaSet", "Deployment");

        ClusterEvent crashLoop = facts.events().stream()
                .filter(e -> e.origin() == ClusterEvent.Origin.POD_STATUS).findFirst().orElseThrow();
        assertThat(crashLoop.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(crashLoop.type()).isEqualTo(EventType.Warning);
        assertThat(crashLoop.lastSeen()).isEqualTo(Instant.parse("2026-11-20T09:04:51Z"));

        assertThat(WireJson.writeString(facts)).doesNotContain(Samples.SEEDED_SECRET);
    }

    @Test
    void shouldReadTheSharedSampleWhenItIsThere() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(SHARED_SAMPLE));
        DumpFacts.Facts facts = DumpFacts.read(SHARED_SAMPLE, "local");
        assertThat(facts.snapshots()).isNotEmpty();
        assertThat(facts.events()).extracting(ClusterEvent::reason).contains("BackOff", "CrashLoopBackOff");
    }

    @Test
    void shouldReadMixedListsWhenEventListHoldsBothEventApis() throws IOException {
        Path file = Files.writeString(dir.resolve("events.json"), """
                {"apiVersion":"v1","kind":"EventList","items":[
                 {"apiVersion":"v1","kind":"Event","metadata":{"name":"a.1","namespace":"demo","uid":"e-1","resourceVersion":"5"},
                  "involvedObject":{"kind":"Pod","namespace":"demo","name":"a","uid":"p-1"},"reason":"BackOff",
                  "message":"Back-off restarting failed container","type":"Warning","count":3,
                  "firstTimestamp":"2026-11-20T09:00:00Z","lastTimestamp":"2026-11-20T09:10:00Z"},
                 {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"b.1","namespace":"demo","uid":"e-2","resourceVersion":"6"},
                  "regarding":{"kind":"Pod","namespace":"demo","name":"b","uid":"p-2"},"reason":"Failed",
                  "note":"pull failed: Authorization: Bearer abcdefghijklmnop","type":"Warning",
                  "eventTime":"2026-11-20T09:05:00.000000Z","series":{"count":4,"lastObservedTime":"2026-11-20T09:12:00.000000Z"},
                  "reportingController":"kubelet","reportingInstance":"worker-1","action":"Pulling"}
                ]}
                """);

        DumpFacts.Facts facts = DumpFacts.read(file, "local");

        assertThat(facts.snapshots()).isEmpty();
        assertThat(facts.events()).extracting(ClusterEvent::eventUid, ClusterEvent::count, ClusterEvent::lastSeen)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("e-1", 3, Instant.parse("2026-11-20T09:10:00Z")),
                        org.assertj.core.groups.Tuple.tuple("e-2", 4, Instant.parse("2026-11-20T09:12:00Z")));
        assertThat(facts.events().get(1).message()).isEqualTo("pull failed: Authorization: Bearer ***");
        assertThat(facts.events().get(1).involvedObject()).isEqualTo(new ObjectRef("Pod", "demo", "b", "p-2"));
        assertThat(facts.events().get(1).reportingComponent()).isEqualTo("kubelet");
    }

    @Test
    void shouldNamePositionWhenFileIsNotJson() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"kind\": \"List\",\n  items: []}");
        assertThatThrownBy(() -> DumpFacts.read(file, "local"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("not JSON: ")
                .hasMessageEndingWith(" at 2:3");
    }

    @Test
    void shouldSayTruncatedWithPositionWhenFileEndsEarly() throws IOException {
        String whole = new String(getClass().getResourceAsStream("/crashloop-greeter.json").readAllBytes());
        Path file = Files.writeString(dir.resolve("cut.json"), whole.substring(0, whole.length() / 2));
        assertThatThrownBy(() -> DumpFacts.read(file, "local"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("truncated JSON: the file ends inside")
                .hasMessageMatching(".* at \\d+:\\d+");
    }

    @Test
    void shouldNameItemIndexWhenDumpHoldsASecret() throws IOException {
        Path file = Files.writeString(dir.resolve("secret.json"), """
                {"apiVersion":"v1","kind":"List","items":[
                 {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"demo","uid":"n-1"}},
                 {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"demo"},"data":{"password":"aHVudGVyMg=="}}
                ]}
                """);
        assertThatThrownBy(() -> DumpFacts.read(file, "local"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("item 1 (Secret demo/db): wrong kind: ingest does not read Secret")
                .hasMessageNotContaining("aHVudGVyMg");
    }

    @Test
    void shouldRefuseWhenDocumentIsNotAList() throws IOException {
        Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
        Path config = Files.writeString(dir.resolve("config.json"), "{\"apiVersion\":\"v1\",\"kind\":\"Config\"}");
        assertThatThrownBy(() -> DumpFacts.read(array, "local")).isInstanceOf(DumpFormatException.class)
                .hasMessage("wrong kind: the document is a JSON array, not a List or EventList (kubectl get ... -o json) at 1:1");
        assertThatThrownBy(() -> DumpFacts.read(config, "local")).isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("wrong kind: the document's kind is 'Config'");
    }

    @Test
    void shouldSayEmptyWhenFileIsEmpty() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), "");
        assertThatThrownBy(() -> DumpFacts.read(empty, "local")).isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("is empty");
    }
}
