package io.clusterwise.reliability;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** core/v1 Events about a pod, as kubelet writes them, for the tests to create through the simulated API. */
final class PodEvents {

    private PodEvents() {
    }

    /**
     * A Warning from kubelet about {@code pod} (its {@code podUid} may be null), seen once, first and last
     * {@code at}: the caller adds the reason and message, and changes what else differs.
     */
    static EventBuilder warning(String namespace, String name, String pod, String podUid, Instant at) {
        String time = at.toString();
        return new EventBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withNamespace(namespace).withName(pod)
                .withUid(podUid).endInvolvedObject()
                .withType("Warning").withCount(1).withFirstTimestamp(time).withLastTimestamp(time)
                .withNewSource().withComponent("kubelet").endSource();
    }

    /** kubelet's BackOff warning about the crash-looping container {@code app} of {@code pod}, seen now. */
    static Event backOff(String namespace, String name, String pod) {
        return warning(namespace, name, pod, null, Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .editInvolvedObject().withFieldPath("spec.containers{app}").endInvolvedObject()
                .withReason("BackOff")
                .withMessage("Back-off restarting failed container app in pod " + pod + "_" + namespace)
                .build();
    }
}
