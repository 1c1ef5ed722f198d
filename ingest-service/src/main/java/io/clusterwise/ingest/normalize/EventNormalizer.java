package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;

import java.time.Instant;
import java.util.List;

/**
 * A core/v1 Event as a {@link ClusterEvent} (origin EVENT). Pure: the owners and the current time come in as
 * arguments. The message is not yet redacted.
 */
final class EventNormalizer {

    ClusterEvent normalize(Event event, List<ObjectRef> owners, Instant now) {
        ObjectReference involved = event.getInvolvedObject();
        ObjectRef involvedObject = involved == null ? new ObjectRef(null, null, null, null)
                : new ObjectRef(involved.getKind(), involved.getNamespace(), involved.getName(), involved.getUid());
        // each fallback is parsed only when the timestamps before it are missing (kubelet Events have both
        // firstTimestamp and lastTimestamp: two parses instead of four)
        Instant first = KubeTime.parse(event.getFirstTimestamp());
        Instant last = KubeTime.parse(event.getLastTimestamp());
        Instant eventTime = first != null && last != null ? null : KubeTime.parse(event.getEventTime());
        Instant firstSeen = first != null ? first : eventTime != null ? eventTime
                : KubeTime.firstOf(KubeTime.parse(event.getMetadata().getCreationTimestamp()), now);
        Instant lastSeen = last != null ? last : KubeTime.firstOf(
                event.getSeries() == null ? null : KubeTime.parse(event.getSeries().getLastObservedTime()),
                eventTime, firstSeen);
        return new ClusterEvent(event.getMetadata().getUid(), ClusterEvent.Origin.EVENT, involvedObject, owners,
                event.getReason(), event.getMessage(), type(event.getType()), count(event), firstSeen, lastSeen,
                reportingComponent(event), event.getMetadata().getResourceVersion(), null);
    }

    private static EventType type(String type) {
        return "Warning".equalsIgnoreCase(type) ? EventType.Warning : EventType.Normal;
    }

    private static int count(Event event) {
        if (event.getCount() != null && event.getCount() > 0) {
            return event.getCount();
        }
        if (event.getSeries() != null && event.getSeries().getCount() != null && event.getSeries().getCount() > 0) {
            return event.getSeries().getCount();
        }
        return 1;
    }

    private static String reportingComponent(Event event) {
        if (event.getReportingComponent() != null && !event.getReportingComponent().isBlank()) {
            return event.getReportingComponent();
        }
        return event.getSource() == null ? null : event.getSource().getComponent();
    }
}
