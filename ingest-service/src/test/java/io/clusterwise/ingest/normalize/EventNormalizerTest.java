package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.ingest.Samples;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final ObjectRef REPLICA_SET = new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d",
            Samples.GREETER_REPLICASET_UID);

    private final EventNormalizer normalizer = new EventNormalizer();

    @Test
    void shouldKeepKubeletFieldsWhenBackOffEventIsNormalized() {
        ClusterEvent event = normalizer.normalize(Samples.greeterEvent("BackOff"), List.of(REPLICA_SET), NOW);

        assertThat(event).isEqualTo(new ClusterEvent(Samples.BACKOFF_EVENT_UID, ClusterEvent.Origin.EVENT,
                new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9", Samples.GREETER_POD_UID),
                List.of(REPLICA_SET), "BackOff",
                "Back-off restarting failed container greeter in pod greeter-8f2588814d-a31b9_demo(5cda4217-829e-50d4-4539-3e3b04424452)",
                EventType.Warning, 9, Instant.parse("2026-11-20T09:00:40Z"), Instant.parse("2026-11-20T09:58:20Z"),
                "kubelet", "50040", null));
    }

    @Test
    void shouldMarkEventNormalWhenKubernetesSaysNormal() {
        ClusterEvent event = normalizer.normalize(Samples.greeterEvent("Scheduled"), List.of(), NOW);

        assertThat(event.type()).isEqualTo(EventType.Normal);
        assertThat(event.reportingComponent()).isEqualTo("default-scheduler");
        assertThat(event.count()).isEqualTo(1);
        assertThat(event.owners()).isEmpty();
    }

    /** An events.k8s.io-style event as the scheduler writes it: no count, no first/last timestamps, a series. */
    @Test
    void shouldTakeCountAndTimesFromSeriesWhenEventHasNoLegacyFields() {
        Event scheduling = new KubernetesSerialization().unmarshal("""
                {"apiVersion":"v1","kind":"Event",
                 "metadata":{"name":"greeter-8f2588814d-zz9k1.1879e1b3c0a8e6f1","namespace":"demo",
                   "uid":"7f0e4d2a-3b1c-4e5f-9a8b-0c1d2e3f4a5b","resourceVersion":"61234",
                   "creationTimestamp":"2026-11-20T09:10:00Z"},
                 "involvedObject":{"kind":"Pod","namespace":"demo","name":"greeter-8f2588814d-zz9k1",
                   "uid":"0b7c5e2d-1f3a-4c6b-8d9e-2a3b4c5d6e7f","apiVersion":"v1","resourceVersion":"61200"},
                 "reason":"FailedScheduling","action":"Scheduling","type":"Warning",
                 "message":"0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
                 "eventTime":"2026-11-20T09:10:00.123456Z",
                 "series":{"count":4,"lastObservedTime":"2026-11-20T09:14:00.654321Z"},
                 "reportingComponent":"default-scheduler","reportingInstance":"default-scheduler-control-plane",
                 "source":{},"firstTimestamp":null,"lastTimestamp":null}
                """, Event.class);

        ClusterEvent event = normalizer.normalize(scheduling, List.of(), NOW);

        assertThat(event.count()).isEqualTo(4);
        assertThat(event.firstSeen()).isEqualTo(Instant.parse("2026-11-20T09:10:00.123456Z"));
        assertThat(event.lastSeen()).isEqualTo(Instant.parse("2026-11-20T09:14:00.654321Z"));
        assertThat(event.reportingComponent()).isEqualTo("default-scheduler");
        assertThat(event.type()).isEqualTo(EventType.Warning);
    }

    @Test
    void shouldFallBackToCreationTimeAndSourceComponentWhenEventHasNoTimesOrReporter() {
        Event bare = Samples.greeterEvent("Pulled");
        bare.setFirstTimestamp(null);
        bare.setLastTimestamp(null);
        bare.setCount(null);
        bare.setReportingComponent("");

        ClusterEvent event = normalizer.normalize(bare, List.of(), NOW);

        assertThat(event.firstSeen()).isEqualTo(Instant.parse("2026-11-20T09:00:01Z"));
        assertThat(event.lastSeen()).isEqualTo(event.firstSeen());
        assertThat(event.count()).isEqualTo(1);
        assertThat(event.reportingComponent()).isEqualTo("kubelet");
    }

    @Test
    void shouldNameNodeWithoutNamespaceWhenEventIsAboutClusterScopedObject() {
        Event nodeEvent = new KubernetesSerialization().unmarshal("""
                {"apiVersion":"v1","kind":"Event","count":2,
                 "metadata":{"name":"worker-1.1879e1b3c0a8e6f2","namespace":"default",
                   "uid":"3c2b1a09-8f7e-4d6c-b5a4-392817263544","resourceVersion":"70001",
                   "creationTimestamp":"2026-11-20T09:20:00Z"},
                 "involvedObject":{"kind":"Node","name":"worker-1","uid":"worker-1","apiVersion":"v1"},
                 "reason":"NodeHasDiskPressure","type":"Normal",
                 "message":"Node worker-1 status is now: NodeHasDiskPressure",
                 "firstTimestamp":"2026-11-20T09:20:00Z","lastTimestamp":"2026-11-20T09:25:00Z",
                 "source":{"component":"kubelet","host":"worker-1"},"reportingComponent":"kubelet"}
                """, Event.class);

        ClusterEvent event = normalizer.normalize(nodeEvent, List.of(), NOW);

        assertThat(event.involvedObject().path()).isEqualTo("Node/worker-1");
        assertThat(event.lastSeen()).isEqualTo(Instant.parse("2026-11-20T09:25:00Z"));
    }
}
