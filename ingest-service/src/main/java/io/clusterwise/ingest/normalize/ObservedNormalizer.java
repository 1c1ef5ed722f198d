package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.watch.Observed;
import io.clusterwise.ingest.watch.PodCache;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * Turns each {@link Observed} into the {@link ClusterEvent}s worth publishing (messages not yet redacted). Called only
 * from the publisher thread, so its memory of published pod statuses needs no locking.
 */
@Component
public final class ObservedNormalizer {

    /** At most this many pods with a current problem are remembered for de-duplication. */
    static final int MAX_TRACKED_PODS = 50_000;

    private final PodCache pods;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final EventNormalizer events = new EventNormalizer();
    private final PodStatusNormalizer podStatus = new PodStatusNormalizer();
    private final PodStatusMemory memory;

    @Autowired
    public ObservedNormalizer(PodCache pods, IngestMetrics metrics) {
        this(pods, metrics, Clock.systemUTC(), MAX_TRACKED_PODS);
    }

    ObservedNormalizer(PodCache pods, IngestMetrics metrics, Clock clock, int maxTrackedPods) {
        this.pods = pods;
        this.metrics = metrics;
        this.clock = clock;
        this.memory = new PodStatusMemory(maxTrackedPods);
    }

    public List<ClusterEvent> normalize(Observed observed) {
        if (observed instanceof Observed.EventObserved e) {
            return List.of(events.normalize(e.object(), ownersOf(e.object()), clock.instant()));
        }
        if (observed instanceof Observed.PodObserved p) {
            PodStatusMemory.Changes changes = memory.changes(p.object().getMetadata().getUid(),
                    podStatus.normalize(p.object(), clock.instant()));
            metrics.skippedUnchanged(changes.unchanged());
            return changes.publish();
        }
        if (observed instanceof Observed.PodDeleted d) {
            memory.forget(d.object().getMetadata().getUid());
            return List.of();
        }
        throw new IllegalArgumentException("unknown observation " + observed.getClass().getName());
    }

    /** The involved Pod's owners from the pod informer's store, when it is there (and is the same pod). */
    private List<ObjectRef> ownersOf(Event event) {
        ObjectReference involved = event.getInvolvedObject();
        if (involved == null || !"Pod".equals(involved.getKind())) {
            return List.of();
        }
        return pods.find(involved.getNamespace(), involved.getName())
                .filter(pod -> involved.getUid() == null || involved.getUid().equals(pod.getMetadata().getUid()))
                .map(Owners::of)
                .orElse(List.of());
    }

    int trackedPods() {
        return memory.trackedPods();
    }
}
