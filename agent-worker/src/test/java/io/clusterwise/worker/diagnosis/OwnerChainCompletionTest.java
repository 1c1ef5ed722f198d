package io.clusterwise.worker.diagnosis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.worker.Fixtures;
import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records whose owner chain stops early (ingest published a pod's facts before its ReplicaSet was in its cache): the
 * incident is still about the Deployment or CronJob when object state names it, and about the ReplicaSet when not.
 */
class OwnerChainCompletionTest {

    private static final Instant NOW = T0.plus(Duration.ofHours(1));
    private static final ObjectRef GREETER_RS = Fixtures.GREETER_OWNERS.get(0);
    private static final ObjectRef GREETER_DEPLOYMENT = Fixtures.GREETER_OWNERS.get(1);
    private static final String DEPLOYMENT_FINGERPRINT = "CrashLoopBackOff:Deployment/demo/greeter";
    private static final String DEPLOYMENT_REPLICAS_FACT = "state/" + GREETER_DEPLOYMENT.uid() + "/replicas";

    private final Diagnosis diagnosis = Diagnosis.standard();

    /** The crash-looping greeter's events and status records, naming only the ReplicaSet as owner. */
    private static List<ClusterEvent> greeterEventsOwnedByReplicaSetOnly() {
        return Fixtures.withOwners(Fixtures.crashLoopingGreeter(), List.of(GREETER_RS));
    }

    @Test
    void shouldMakeOneDeploymentIncidentWhenPodEventsNameOnlyTheReplicaSetAndStateKnowsItsDeployment() {
        List<ObjectSnapshot> snapshots = List.of(
                Manifests.snapshot("greeter-replicaset", GREETER_DEPLOYMENT),
                Manifests.snapshot("greeter-deployment"));

        List<Incident> incidents = diagnosis.diagnose(greeterEventsOwnedByReplicaSetOnly(), snapshots, NOW);

        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.fingerprint()).isEqualTo(DEPLOYMENT_FINGERPRINT);
            assertThat(i.subject().path()).isEqualTo("Deployment/demo/greeter");
            assertThat(i.settled()).isTrue();
            // the Deployment's unavailable replicas support the crash loop: evidence, not a second incident
            assertThat(i.evidenceIds()).contains(DEPLOYMENT_REPLICAS_FACT);
            assertThat(i.summary()).contains("crash-looping (exit code 2)").contains("has unavailable replicas");
            assertThat(i.scope()).isEqualTo(1);
            assertThat(i.affected()).extracting(ObjectRef::path)
                    .containsExactly("Pod/demo/greeter-8f2588814d-a31b9");
        });
    }

    @Test
    void shouldReadTheReplicaSetsOwnerFromItsManifestWhenItsSnapshotCarriesNoOwnerChain() {
        List<ObjectSnapshot> snapshots = List.of(
                Manifests.snapshot("greeter-replicaset"), // no owners given: metadata.ownerReferences says
                Manifests.snapshot("greeter-deployment"));

        List<Incident> incidents = diagnosis.diagnose(greeterEventsOwnedByReplicaSetOnly(), snapshots, NOW);

        assertThat(incidents).extracting(Incident::fingerprint).containsExactly(DEPLOYMENT_FINGERPRINT);
    }

    @Test
    void shouldFollowThePodsOwnChainInStateWhenItsEventsNameNoOwnerAtAll() {
        ObjectNode pod = (ObjectNode) Manifests.json("crashloop-pod").deepCopy();
        ObjectNode meta = (ObjectNode) pod.path("metadata");
        meta.put("name", Fixtures.GREETER_POD.name()).put("namespace", "demo").put("uid", Fixtures.GREETER_POD_UID);
        ObjectNode ref = (ObjectNode) meta.path("ownerReferences").get(0);
        ref.put("name", GREETER_RS.name()).put("uid", GREETER_RS.uid());
        List<ObjectSnapshot> snapshots = List.of(Manifests.snapshot(pod, Manifests.OBSERVED, GREETER_RS),
                Manifests.snapshot("greeter-replicaset", GREETER_DEPLOYMENT),
                Manifests.snapshot("greeter-deployment"));
        List<ClusterEvent> events = Fixtures.withOwners(Fixtures.crashLoopingGreeter(), List.of());

        List<Incident> incidents = diagnosis.diagnose(events, snapshots, NOW);

        // the pod's state also shows its last OOM kill: every incident is the Deployment's
        assertThat(incidents).extracting(Incident::fingerprint).contains(DEPLOYMENT_FINGERPRINT);
        assertThat(incidents).extracting(i -> i.subject().path()).containsOnly("Deployment/demo/greeter");
    }

    @Test
    void shouldMakeOneCronJobIncidentWhenPodEventsNameOnlyTheJobAndStateKnowsItsCronJob() {
        ObjectRef job = new ObjectRef("Job", "reports", "nightly-report-29404860", "j-nightly-2");
        ObjectRef pod = new ObjectRef("Pod", "reports", "nightly-report-29404860-k7x2q", "pod-nightly-2");
        Instant last = T0.plus(Duration.ofMinutes(30));
        List<ClusterEvent> events = List.of(
                Fixtures.event("ev-nightly-backoff", pod, List.of(job), "BackOff",
                        "Back-off restarting failed container report in pod " + pod.name() + "_reports("
                                + pod.uid() + ")", EventType.Warning, 6, T0.plusSeconds(30), last, "kubelet"),
                Fixtures.status(pod, List.of(job),
                        Fixtures.terminated("report", "CrashLoopBackOff", "Error", 1, last.minusSeconds(20), 6),
                        "CrashLoopBackOff", "container report is waiting: CrashLoopBackOff; last terminated: Error, "
                                + "exit code 1; restarts: 6", EventType.Warning, T0.plusSeconds(10), last));
        List<ObjectSnapshot> snapshots = List.of(
                Manifests.snapshot("running-job", new ObjectRef("CronJob", "reports", "nightly-report", "cj-nightly")),
                Manifests.snapshot("nightly-report-cronjob"));

        List<Incident> incidents = diagnosis.diagnose(events, snapshots, NOW);

        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.fingerprint()).isEqualTo("CrashLoopBackOff:CronJob/reports/nightly-report");
            assertThat(i.subject().kind()).isEqualTo("CronJob");
            assertThat(i.settled()).isTrue();
        });
    }

    @Test
    void shouldNameTheReplicaSetWhenStateDoesNotHoldTheReplicaSet() {
        List<Incident> incidents = diagnosis.diagnose(greeterEventsOwnedByReplicaSetOnly(),
                List.of(Manifests.snapshot("greeter-deployment")), NOW);

        assertThat(incidents).extracting(Incident::fingerprint).containsExactly(
                "CrashLoopBackOff:ReplicaSet/demo/greeter-8f2588814d", "UnavailableReplicas:Deployment/demo/greeter");
        // the ReplicaSet's Deployment may yet become known: the episode keeper waits a little before opening it
        assertThat(incidents.get(0).settled()).isFalse();
        assertThat(incidents.get(1).settled()).isTrue();
    }

    @Test
    void shouldNameTheReplicaSetWhenItsStateNamesNoOwner() {
        ObjectNode bare = (ObjectNode) Manifests.json("greeter-replicaset").deepCopy();
        ((ObjectNode) bare.path("metadata")).remove("ownerReferences");

        List<Incident> incidents = diagnosis.diagnose(greeterEventsOwnedByReplicaSetOnly(),
                List.of(Manifests.snapshot(bare, Manifests.OBSERVED)), NOW);

        assertThat(incidents).singleElement().satisfies(i -> {
            assertThat(i.fingerprint()).isEqualTo("CrashLoopBackOff:ReplicaSet/demo/greeter-8f2588814d");
            assertThat(i.settled()).isTrue();
        });
    }

    @Test
    void shouldIgnoreAnObjectOfTheSameNameWhenItsUidDiffers() {
        ObjectNode recreated = (ObjectNode) Manifests.json("greeter-replicaset").deepCopy();
        ((ObjectNode) recreated.path("metadata")).put("uid", "another-replicaset-uid");
        ((ObjectNode) recreated.path("metadata").path("ownerReferences").get(0)).put("name", "other")
                .put("uid", "other-deployment-uid");

        List<Incident> incidents = diagnosis.diagnose(greeterEventsOwnedByReplicaSetOnly(),
                List.of(Manifests.snapshot(recreated, Manifests.OBSERVED)), NOW);

        assertThat(incidents).extracting(Incident::fingerprint)
                .containsExactly("CrashLoopBackOff:ReplicaSet/demo/greeter-8f2588814d");
    }

    @Test
    void shouldStopWalkingWhenOwnerReferencesFormACycle() {
        ObjectRef a = new ObjectRef("ReplicaSet", "demo", "loop-a", "rs-loop-a");
        ObjectRef b = new ObjectRef("ReplicaSet", "demo", "loop-b", "rs-loop-b");
        List<ObjectSnapshot> snapshots = new ArrayList<>();
        snapshots.add(replicaSet(a, b));
        snapshots.add(replicaSet(b, a));
        List<ClusterEvent> events = Fixtures.withOwners(Fixtures.crashLoopingGreeter(), List.of(a));

        List<Incident> incidents = diagnosis.diagnose(events, snapshots, NOW);

        assertThat(incidents).extracting(Incident::fingerprint)
                .containsExactly("CrashLoopBackOff:ReplicaSet/demo/loop-b");
    }

    private static ObjectSnapshot replicaSet(ObjectRef self, ObjectRef owner) {
        ObjectNode rs = (ObjectNode) Manifests.json("greeter-replicaset").deepCopy();
        ObjectNode meta = (ObjectNode) rs.path("metadata");
        meta.put("name", self.name()).put("uid", self.uid());
        ((ObjectNode) meta.path("ownerReferences").get(0)).put("kind", owner.kind()).put("name", owner.name())
                .put("uid", owner.uid());
        return Manifests.snapshot(rs, Manifests.OBSERVED, owner);
    }
}
