package io.clusterwise.worker.diagnosis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.worker.Fixtures;
import io.clusterwise.worker.logs.ContainerLogStore;
import io.clusterwise.worker.logs.LogExcerpt;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.clusterwise.worker.Fixtures.GREETER_LOG;
import static io.clusterwise.worker.Fixtures.GREETER_POD_UID;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.containerLog;
import static io.clusterwise.worker.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

/** The last log lines of failing containers become evidence of their incident. */
class LogEvidenceTest {

    private static final Instant NOW = T0.plus(Duration.ofHours(1));
    private static final List<ObjectRef> SHOP_API_CHAIN = List.of(
            new ObjectRef("ReplicaSet", "shop", "api-5d8f9c7b6", "rs-api"),
            new ObjectRef("Deployment", "shop", "api", "d-api"));

    private final ContainerLogStore logs = new ContainerLogStore(100, 30, Duration.ofHours(1),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private List<Incident> incidents(List<ClusterEvent> events) {
        return Diagnosis.standard().incidents(events, List.of(), logs.excerpts(), NOW);
    }

    private static ObjectRef apiPod(int i) {
        return new ObjectRef("Pod", "shop", "api-5d8f9c7b6-q" + (char) ('a' + i) + "x9z", "pod-api-" + i);
    }

    private static ClusterEvent apiBackOff(int i) {
        ObjectRef p = apiPod(i);
        return event("backoff-" + i, p, SHOP_API_CHAIN, "BackOff", "Back-off restarting failed container api in pod "
                + p.name() + "_shop(" + p.uid() + ")", EventType.Warning, 3, T0, T0.plusSeconds(i), "kubelet");
    }

    @Test
    void shouldCiteTheLatestLogLinesOfTheCrashLoopingPodFirstWhenIngestReadThem() {
        logs.put(GREETER_POD_UID, Fixtures.greeterLog(9, T0.plusSeconds(3500)), NOW);

        Incident incident = incidents(Fixtures.crashLoopingGreeter()).get(0);

        assertThat(incident.evidenceIds().get(0)).isEqualTo("container-log/" + GREETER_POD_UID + "/greeter");
        assertThat(incident.examples()).last().satisfies(e -> {
            assertThat(e.id()).isEqualTo("E" + incident.examples().size());
            assertThat(e.object()).isEqualTo(Fixtures.GREETER_POD);
            assertThat(e.reason()).isEqualTo(LogExcerpt.REASON);
            assertThat(e.message()).isEqualTo("last 3 lines of container greeter, restart 9, exit code 2\n"
                    + String.join("\n", GREETER_LOG));
            assertThat(e.time()).isEqualTo(T0.plusSeconds(3500));
        });
        assertThat(incident.examples().get(0).reason()).as("the event examples come first")
                .isNotEqualTo(LogExcerpt.REASON);
    }

    @Test
    void shouldShowTheSameLinesOnceWhenReplicasCrashTheSameWay() {
        List<ClusterEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(apiBackOff(i));
            logs.put(apiPod(i).uid(), containerLog(apiPod(i), "api", 3, 1, T0.plusSeconds(i), List.of(
                    "Exception in thread \"main\" java.net.UnknownHostException: db-" + i + ".shop.svc")), NOW);
        }
        logs.put(apiPod(4).uid(), containerLog(apiPod(4), "api", 4, 1, T0.plusSeconds(9),
                List.of("panic: out of file descriptors")), NOW);

        Incident incident = incidents(events).get(0);

        assertThat(incident.examples()).filteredOn(e -> LogExcerpt.REASON.equals(e.reason()))
                .extracting(e -> e.message().substring(e.message().indexOf('\n') + 1))
                .containsExactly("panic: out of file descriptors",
                        "Exception in thread \"main\" java.net.UnknownHostException: db-3.shop.svc");
    }

    @Test
    void shouldAddNoLogLinesWhenTheIncidentIsNotAboutContainersEnding() {
        ObjectRef pod = apiPod(0);
        logs.put(pod.uid(), containerLog(pod, "api", 1, 1, T0, List.of("an older crash")), NOW);

        Incident incident = incidents(List.of(event("pull-0", pod, SHOP_API_CHAIN, "Failed",
                "Failed to pull image \"ghcr.io/example/api:typo\": not found", EventType.Warning, 2, T0, T0,
                "kubelet"))).get(0);

        assertThat(incident.reason()).isEqualTo("ImagePullBackOff");
        assertThat(incident.examples()).noneMatch(e -> LogExcerpt.REASON.equals(e.reason()));
        assertThat(incident.evidenceIds()).noneMatch(id -> id.startsWith("container-log/"));
    }
}
