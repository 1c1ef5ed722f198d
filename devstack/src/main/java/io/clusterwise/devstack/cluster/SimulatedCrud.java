package io.clusterwise.devstack.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD store, plus one thing a real API server does and the mock does not: a create that keeps the UID it is
 * given ({@link #createKeepingUid}). The mock's create handler gives every new object a UID of its own, whatever the
 * request says; the Events mirror needs the core/v1 Event's UID on its events.k8s.io/v1 copy, since a real API
 * server serves one Event, with one UID, under both APIs. The UID is put in before the object is stored and before any
 * watch hears of it, under the store's own write lock (the create handler stores through {@link #processEvent}).
 */
final class SimulatedCrud extends KubernetesCrudDispatcher {

    /** Set only while {@link #createKeepingUid} dispatches, on the thread that does. */
    private final ThreadLocal<String> keepUid = new ThreadLocal<>();

    /** A {@code POST} as any client's, except that the created object has {@code uid} (null: the mock's own). */
    MockResponse createKeepingUid(RecordedRequest post, String uid) {
        keepUid.set(uid);
        try {
            return dispatch(post);
        } finally {
            keepUid.remove();
        }
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        String uid = keepUid.get();
        if (uid != null && oldAttributes == null && resource != null && newState != null) {
            resource.getMetadata().setUid(uid);
            newState = Serialization.asJson(resource);
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }
}
