package io.clusterwise.devstack.cluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Keeps the seeded incident going the way a kubelet would: each tick, every container waiting in CrashLoopBackOff
 * restarts once more (restartCount + 1, a fresh last termination) and every BackOff warning counts once more with a
 * new lastTimestamp. Informers see these as UPDATEs, so the agent's window never runs dry during a long session.
 */
final class IncidentTicker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IncidentTicker.class);

    private final KubernetesClient client;
    private final Clock clock;

    IncidentTicker(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again; one failed tick must not end the incident
            log.warn("simulated cluster: could not advance the incident: {}", e.getMessage());
        }
    }

    void tick() {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            if (crashLooping(pod).isPresent()) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .editStatus(p -> {
                            crashLooping(p).ifPresent(c -> restartOnce(c, clock.instant()));
                            return p;
                        });
            }
        }
        for (Event event : client.v1().events().inAnyNamespace().list().getItems()) {
            if ("BackOff".equals(event.getReason()) && "Warning".equals(event.getType())) {
                client.v1().events().inNamespace(event.getMetadata().getNamespace())
                        .withName(event.getMetadata().getName())
                        .edit(e -> {
                            e.setCount(Optional.ofNullable(e.getCount()).orElse(0) + 1);
                            e.setLastTimestamp(now);
                            return e;
                        });
            }
        }
    }

    private static Optional<ContainerStatus> crashLooping(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()))
                .findFirst();
    }

    private static void restartOnce(ContainerStatus container, Instant now) {
        container.setRestartCount(Optional.ofNullable(container.getRestartCount()).orElse(0) + 1);
        if (container.getLastState() != null && container.getLastState().getTerminated() != null) {
            container.getLastState().setTerminated(new ContainerStateTerminatedBuilder(container.getLastState().getTerminated())
                    .withStartedAt(now.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString())
                    .withFinishedAt(now.truncatedTo(ChronoUnit.SECONDS).toString())
                    .build());
        }
    }
}
