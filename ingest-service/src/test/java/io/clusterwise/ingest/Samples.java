package io.clusterwise.ingest;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Objects from {@code crashloop-greeter.json}, a real-shaped {@code kubectl get ... -o json} dump: a Deployment whose
 * only pod crash-loops (exit code 2) with its lifecycle and BackOff events. Its pod's env holds
 * {@value #SEEDED_SECRET}. Every call reads a fresh copy, so tests may change what they get.
 */
public final class Samples {

    public static final String SEEDED_SECRET = "hunter2-prod-secret";
    public static final String GREETER_POD_UID = "5cda4217-829e-50d4-4539-3e3b04424452";
    public static final String GREETER_REPLICASET_UID = "c3cb308a-d70e-cba7-b289-a0a7da603975";
    public static final String BACKOFF_EVENT_UID = "ac762497-7803-86a4-f611-2bc6efecf0ca";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Samples() {
    }

    public static List<HasMetadata> crashloopGreeter() {
        try (InputStream in = Samples.class.getResourceAsStream("/crashloop-greeter.json")) {
            KubernetesList list = SERIALIZATION.unmarshal(in, KubernetesList.class);
            return list.getItems();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Pod greeterPod() {
        return crashloopGreeter().stream()
                .filter(Pod.class::isInstance).map(Pod.class::cast)
                .filter(pod -> pod.getMetadata().getUid().equals(GREETER_POD_UID))
                .findFirst().orElseThrow();
    }

    /** The greeter pod's Event with this reason, e.g. {@code BackOff}, {@code Pulled}, {@code Scheduled}. */
    public static Event greeterEvent(String reason) {
        return greeterEvents().stream()
                .filter(event -> event.getReason().equals(reason))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no " + reason + " event in the sample"));
    }

    public static List<Event> greeterEvents() {
        return crashloopGreeter().stream()
                .filter(Event.class::isInstance).map(Event.class::cast)
                .filter(event -> event.getInvolvedObject().getUid().equals(GREETER_POD_UID))
                .toList();
    }

    public static String json(Object object) {
        return SERIALIZATION.asJson(object);
    }
}
