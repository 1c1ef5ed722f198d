package io.clusterwise.devstack.cluster;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulated cluster serves its Events under both APIs, as a real API server does. */
class EventsV1MirrorTest {

    @RegisterExtension
    static final SeededCluster seeded = new SeededCluster();

    @Test
    void shouldServeSeededIncidentEventsUnderEventsV1WithTheSameUidWhenSeeded() {
        Event backOff = seeded.client().v1().events().inNamespace("demo").list().getItems().stream()
                .filter(e -> "BackOff".equals(e.getReason())).findFirst().orElseThrow();

        io.fabric8.kubernetes.api.model.events.v1.Event v1 = seeded.client().events().v1().events().inNamespace("demo")
                .withName(backOff.getMetadata().getName()).get();

        assertThat(v1).isNotNull();
        assertThat(v1.getMetadata().getUid()).isEqualTo(backOff.getMetadata().getUid());
        assertThat(v1.getRegarding().getName()).isEqualTo(backOff.getInvolvedObject().getName());
        assertThat(v1.getNote()).isEqualTo(backOff.getMessage());
        assertThat(v1.getDeprecatedCount()).isEqualTo(backOff.getCount());
        assertThat(v1.getDeprecatedLastTimestamp()).isEqualTo(backOff.getLastTimestamp());
    }

    @Test
    void shouldCreateUpdateAndDeleteTheEventsV1EventWhenCoreEventIsWritten() {
        Event created = seeded.client().v1().events().inNamespace("mirror").resource(new EventBuilder()
                .withNewMetadata().withName("web.1").withNamespace("mirror").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("mirror").withName("web").endInvolvedObject()
                .withReason("BackOff").withMessage("Back-off restarting failed container").withType("Warning")
                .withCount(1).withLastTimestamp("2026-11-20T09:00:00Z").build()).create();
        assertThat(v1Names()).contains("web.1");

        seeded.client().v1().events().inNamespace("mirror").withName("web.1").edit(e -> new EventBuilder(e).withCount(2)
                .withLastTimestamp("2026-11-20T09:05:00Z").build());
        io.fabric8.kubernetes.api.model.events.v1.Event updated = seeded.client().events().v1().events().inNamespace("mirror")
                .withName("web.1").get();
        assertThat(updated.getDeprecatedCount()).isEqualTo(2);
        assertThat(updated.getDeprecatedLastTimestamp()).isEqualTo("2026-11-20T09:05:00Z");

        seeded.client().v1().events().inNamespace("mirror").withName(created.getMetadata().getName()).delete();
        assertThat(v1Names()).doesNotContain("web.1");
    }

    @Test
    void shouldGiveTheEventsV1EventTheCoreUidWhenCoreEventIsCreated() {
        SharedIndexInformer<io.fabric8.kubernetes.api.model.events.v1.Event> informer = seeded.client().events().v1()
                .events().inNamespace("mirror-uid").inform(new InformerNotifications<>());
        try {
            Event created = seeded.client().v1().events().inNamespace("mirror-uid").resource(new EventBuilder()
                    .withNewMetadata().withName("web.2").withNamespace("mirror-uid").endMetadata()
                    .withNewInvolvedObject().withKind("Pod").withNamespace("mirror-uid").withName("web")
                    .endInvolvedObject().withReason("BackOff").withType("Warning").withCount(1).build()).create();
            String uid = created.getMetadata().getUid();

            assertThat(seeded.client().events().v1().events().inNamespace("mirror-uid").withName("web.2").get()
                    .getMetadata().getUid()).isEqualTo(uid);
            // what a watch delivers (the ingest service's informer) carries it too, not only what is stored
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(informer.getStore().getByKey("mirror-uid/web.2")).isNotNull()
                            .extracting(e -> e.getMetadata().getUid()).isEqualTo(uid));
        } finally {
            informer.stop();
        }
    }

    private static List<String> v1Names() {
        return seeded.client().events().v1().events().inNamespace("mirror").list().getItems().stream()
                .map(e -> e.getMetadata().getName()).toList();
    }
}
