package io.clusterwise.ingest.normalize;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSeriesBuilder;

/**
 * An {@code events.k8s.io/v1} Event in core/v1's shape, so one normalizer reads both APIs: {@code regarding} →
 * {@code involvedObject}, {@code note} → {@code message}, {@code deprecatedCount/FirstTimestamp/LastTimestamp} →
 * {@code count/firstTimestamp/lastTimestamp}, {@code reportingController} → {@code reportingComponent}. The API
 * server serves the same Event under both APIs with the same UID, so the {@code eventUid} does not depend on the API.
 */
final class EventsV1 {

    private EventsV1() {
    }

    static Event toCore(io.fabric8.kubernetes.api.model.events.v1.Event v1) {
        EventBuilder core = new EventBuilder()
                .withMetadata(v1.getMetadata())
                .withInvolvedObject(v1.getRegarding())
                .withRelated(v1.getRelated())
                .withReason(v1.getReason())
                .withMessage(v1.getNote())
                .withType(v1.getType())
                .withAction(v1.getAction())
                .withCount(v1.getDeprecatedCount())
                .withFirstTimestamp(v1.getDeprecatedFirstTimestamp())
                .withLastTimestamp(v1.getDeprecatedLastTimestamp())
                .withEventTime(v1.getEventTime())
                .withReportingComponent(v1.getReportingController())
                .withReportingInstance(v1.getReportingInstance())
                .withSource(v1.getDeprecatedSource());
        if (v1.getSeries() != null) {
            core.withSeries(new EventSeriesBuilder().withCount(v1.getSeries().getCount())
                    .withLastObservedTime(v1.getSeries().getLastObservedTime()).build());
        }
        return core.build();
    }
}
