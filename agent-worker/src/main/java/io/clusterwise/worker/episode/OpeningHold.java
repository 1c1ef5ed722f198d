package io.clusterwise.worker.episode;

import io.clusterwise.worker.diagnosis.Incident;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds back the opening of an episode while its incident's subject may still move up the owner chain: a pod's facts
 * can be read before its ReplicaSet's snapshot, and the incident would open under the ReplicaSet, then again under
 * the Deployment. An unsettled incident (see {@link Incident#settled()}) opens once it settles, or after
 * {@code grace} under the subject it has then (the ReplicaSet may not be watched at all). Not thread-safe: the
 * episode keeper's thread owns it.
 */
final class OpeningHold {

    private final Duration grace;
    private final Map<String, Instant> unsettledSince = new HashMap<>();

    OpeningHold(Duration grace) {
        this.grace = grace;
    }

    /** Whether a new episode for {@code incident} must wait. */
    boolean waits(Incident incident, Instant now) {
        if (incident.settled()) {
            unsettledSince.remove(incident.fingerprint());
            return false;
        }
        Instant since = unsettledSince.computeIfAbsent(incident.fingerprint(), fp -> now);
        return now.isBefore(since.plus(grace));
    }

    /** Forgets the incidents that are no longer current. */
    void retain(Collection<String> currentFingerprints) {
        unsettledSince.keySet().retainAll(currentFingerprints);
    }
}
