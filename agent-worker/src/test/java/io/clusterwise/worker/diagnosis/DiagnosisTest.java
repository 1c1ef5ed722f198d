package io.clusterwise.worker.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Severity;
import io.clusterwise.contracts.WireJson;
import io.clusterwise.worker.Fixtures;
import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Correlation by owner chain and by node, storm compression, and the incident's JSON form. */
class DiagnosisTest {

    private static final Instant NOW = T0.plus(Duration.ofHours(2));
    private static final List<ObjectRef> SHOP_API_CHAIN = List.of(
            new ObjectRef("ReplicaSet", "shop", "api-5d8f9c7b6", "rs-api"),
            new ObjectRef("Deployment", "shop", "api", "d-api"));

    private final Diagnosis diagnosis = Diagnosis.standard();

    private static ObjectRef apiPod(int i) {
        return new ObjectRef("Pod", "shop", "api-5d8f9c7b6-" + suffix(i), "pod-api-" + i);
    }

    /** Five lowercase alphanumerics, like the ReplicaSet controller's. */
    private static String suffix(int i) {
        return Integer.toString(36 * 36 * 36 * 36 + i * 7919, 36).substring(0, 5);
    }

    private static ClusterEvent backOff(int pod, int n, Instant at) {
        ObjectRef p = apiPod(pod);
        return event("backoff-" + pod + "-" + n, p, SHOP_API_CHAIN, "BackOff",
                "Back-off restarting failed container api in pod " + p.name() + "_shop(" + p.uid() + ")",
                EventType.Warning, 1, at, at, "kubelet");
    }

    @Test
    void shouldMakeOneIncidentNamingTheDeploymentWhenFiftyOfItsPodsCrashLoop() {
        List<ClusterEvent> events = new ArrayList<>();
        for (int pod = 0; pod < 50; pod++) {
            events.add(backOff(pod, 0, T0.plusSeconds(pod)));
        }

        List<Incident> incidents = diagnosis.diagnose(events, List.of(), NOW);

        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.fingerprint()).isEqualTo("CrashLoopBackOff:Deployment/shop/api");
            assertThat(i.subject().path()).isEqualTo("Deployment/shop/api");
            assertThat(i.scope()).isEqualTo(50);
            assertThat(i.affected()).hasSize(Correlator.MAX_AFFECTED);
            assertThat(i.summary()).startsWith("Deployment shop/api: 50 pods, e.g. api-5d8f9c7b6-")
                    .endsWith("is crash-looping");
        });
    }

    @Test
    void shouldCompressAStormOfFiveThousandBackOffsIntoOneIncidentWithACount() {
        List<ClusterEvent> events = new ArrayList<>();
        for (int pod = 0; pod < 50; pod++) {
            for (int n = 0; n < 100; n++) {
                events.add(backOff(pod, n, T0.plusSeconds(pod * 100L + n)));
            }
        }

        List<Incident> incidents = diagnosis.diagnose(events, List.of(), NOW);

        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.count()).isEqualTo(5000);
            assertThat(i.scope()).isEqualTo(50);
            assertThat(i.firstSeen()).isEqualTo(T0);
            assertThat(i.lastSeen()).isEqualTo(T0.plusSeconds(49 * 100 + 99));
            // the BackOff messages differ only in pod names and uids: one template, one example
            assertThat(i.examples()).hasSize(1);
            assertThat(i.examples().get(0).time()).isEqualTo(i.lastSeen());
            assertThat(i.evidenceIds()).hasSize(Correlator.MAX_EVIDENCE_IDS);
        });
    }

    @Test
    void shouldFoldPodsEvictedFromANotReadyNodeIntoTheNodesIncident() {
        ObjectSnapshot node = Manifests.snapshot("notready-node");
        List<ObjectSnapshot> snapshots = new ArrayList<>(List.of(node));
        for (int i = 0; i < 3; i++) {
            ObjectNode pod = (ObjectNode) Manifests.json("evicted-pod").deepCopy();
            ((ObjectNode) pod.path("metadata")).put("name", "batch-7c9d8f6b5-" + suffix(i)).put("uid", "ev-" + i);
            snapshots.add(Manifests.snapshot(pod, Manifests.OBSERVED, new ObjectRef("ReplicaSet", "jobs",
                    "batch-7c9d8f6b5", "rs-batch"), new ObjectRef("Deployment", "jobs", "batch", "d-batch")));
        }

        List<Incident> incidents = diagnosis.diagnose(List.of(), snapshots, NOW);

        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.fingerprint()).isEqualTo("NodeNotReady:Node/worker-2");
            assertThat(i.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(i.scope()).isEqualTo(4);
            assertThat(i.affected()).extracting(ObjectRef::kind).containsOnly("Node", "Pod");
            assertThat(i.summary()).startsWith("Node worker-2 is NotReady").contains("3 pods", "was evicted");
        });
    }

    @Test
    void shouldNameTheCronJobWhenItsJobFailed() {
        ObjectSnapshot job = Manifests.snapshot("failed-job",
                new ObjectRef("CronJob", "reports", "nightly-report", "cj-nightly"));

        assertThat(diagnosis.diagnose(List.of(), List.of(job), NOW)).singleElement()
                .satisfies(i -> assertThat(i.fingerprint()).isEqualTo("JobFailed:CronJob/reports/nightly-report"));
    }

    @Test
    void shouldReportNothingForNormalEventsAndHealthyObjects() {
        List<ClusterEvent> events = new ArrayList<>(Fixtures.greeterLifecycle());
        events.addAll(Fixtures.healthyCoreDns());

        assertThat(diagnosis.diagnose(events, List.of(Manifests.snapshot("healthy-pod"),
                Manifests.snapshot("healthy-deployment"), Manifests.snapshot("ready-node")), NOW)).isEmpty();
    }

    @Test
    void shouldWaitAGraceBeforeCallingAFreshPendingClaimAProblem() {
        ObjectSnapshot pvc = Manifests.snapshot("pending-pvc"); // created 09:00

        assertThat(diagnosis.diagnose(List.of(), List.of(pvc), Instant.parse("2026-11-20T09:01:00Z"))).isEmpty();
        assertThat(diagnosis.diagnose(List.of(), List.of(pvc), NOW)).extracting(Incident::reason)
                .containsExactly("PVCPending");
    }

    @Test
    void shouldWriteTheFieldsTheCliPromisesWhenAnIncidentBecomesJson() {
        List<ClusterEvent> events = new ArrayList<>(Fixtures.crashLoopingGreeter());
        Incident incident = diagnosis.diagnose(events, List.of(), NOW).get(0);

        JsonNode json = IncidentJson.toJson(List.of(incident)).get(0);

        assertThat(json.path("analyzer").asText()).isEqualTo("crash-loop");
        assertThat(json.path("severity").asText()).isEqualTo("critical");
        assertThat(json.path("namespace").asText()).isEqualTo("demo");
        assertThat(json.path("kind").asText()).isEqualTo("Deployment");
        assertThat(json.path("name").asText()).isEqualTo("greeter");
        assertThat(json.path("reason").asText()).isEqualTo("CrashLoopBackOff");
        assertThat(json.path("count").asInt()).isEqualTo(9);
        assertThat(json.path("firstSeen").asText()).isEqualTo("2026-11-20T09:00:03Z");
        assertThat(json.path("lastSeen").asText()).isEqualTo("2026-11-20T09:58:21Z");
        assertThat(json.path("summary").asText()).contains("crash-looping (exit code 2)");
        assertThat(json.path("evidence")).hasSize(2);
        assertThat(json.path("evidence").get(0).path("object").asText())
                .isEqualTo("Pod/demo/greeter-8f2588814d-a31b9");
    }

    @Test
    void shouldWriteEveryFieldInTheCliOrderWithNullsWhenIncidentsAreWrittenAsJson() throws Exception {
        List<Incident> incidents = diagnosis.diagnose(Fixtures.crashLoopingGreeter(),
                List.of(Manifests.snapshot("notready-node")), NOW);

        JsonNode json = WireJson.mapper().readTree(IncidentJson.write(incidents));

        assertThat(json).hasSize(2).allSatisfy(i -> {
            assertThat(i.fieldNames()).toIterable().containsExactly("analyzer", "severity", "namespace", "kind",
                    "name", "reason", "count", "firstSeen", "lastSeen", "summary", "evidence", "fingerprint", "scope",
                    "affected");
            assertThat(i.path("evidence")).isNotEmpty().allSatisfy(line -> assertThat(line.fieldNames())
                    .toIterable().containsExactly("object", "reason", "message", "time"));
        });
        JsonNode node = json.get(0).path("fingerprint").asText().startsWith("NodeNotReady") ? json.get(0)
                : json.get(1);
        assertThat(node.get("namespace").isNull()).as("a node's namespace is written as null").isTrue();
        assertThat(node.path("kind").asText()).isEqualTo("Node");
        assertThat(node.path("affected")).extracting(JsonNode::asText).containsExactly("Node/worker-2");
        assertThat(IncidentJson.write(incidents)).as("pretty-printed").contains("\n  \"analyzer\" : ");
    }

    @Test
    void shouldRemoveNumbersHashesAndPodSuffixesFromAMessageTemplate() {
        assertThat(MessageTemplate.of("Back-off restarting failed container api in pod api-5d8f9c7b6-x7k2p_shop("
                + "5cda4217-829e-50d4-4539-3e3b04424452)"))
                .isEqualTo(MessageTemplate.of("Back-off restarting failed container api in pod api-5d8f9c7b6-q9w8e"
                        + "_shop(0d4c0014-17e9-592c-8883-aac254efcd2f)"));
        assertThat(MessageTemplate.of("Liveness probe failed: HTTP probe failed with statuscode: 503"))
                .isEqualTo("liveness probe failed: http probe failed with statuscode: #");
    }
}
