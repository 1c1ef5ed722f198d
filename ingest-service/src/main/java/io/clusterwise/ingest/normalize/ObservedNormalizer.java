package io.clusterwise.ingest.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Topic;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.redact.ManifestRedactor;
import io.clusterwise.ingest.redact.Redaction;
import io.clusterwise.ingest.redact.Redactor;
import io.clusterwise.ingest.watch.Observed;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns each {@link Observed} into the records worth publishing: normalized, redacted, and not already published.
 * <ul>
 *   <li>an Event (either API) → a {@link Outgoing.Fact} on {@code cluster.events}, unless this resourceVersion of it
 *   was published already;</li>
 *   <li>any other object → a {@link Outgoing.Snapshot} on {@code cluster.state} (unless this resourceVersion was
 *   published already), a Pod also → its status facts that changed;</li>
 *   <li>a delete → a {@link Outgoing.Tombstone} (Event deletes are TTL expiry: nothing).</li>
 * </ul>
 * The memory of what was published can be rebuilt from the topics at start ({@link #rememberSnapshot},
 * {@link #rememberFact}). Used by one publisher thread at a time; the memories are thread-safe for the rebuild.
 */
public final class ObservedNormalizer {

    /** At most this many pods with a current problem are remembered for de-duplication. */
    static final int MAX_TRACKED_PODS = 50_000;

    private final ObjectLookup lookup;
    private final Redactor redactor;
    private final ManifestRedactor manifestRedactor;
    private final IngestMetrics metrics;
    private final EventNormalizer events = new EventNormalizer();
    private final PodStatusNormalizer podStatus = new PodStatusNormalizer();
    private final PodStatusMemory podMemory;
    private final PublishedVersions snapshotVersions;
    private final PublishedVersions eventVersions;

    public ObservedNormalizer(ObjectLookup lookup, Redactor redactor, IngestMetrics metrics, int dedupCapacity) {
        this.lookup = lookup;
        this.redactor = redactor;
        this.manifestRedactor = new ManifestRedactor(redactor);
        this.metrics = metrics;
        this.podMemory = new PodStatusMemory(Math.min(MAX_TRACKED_PODS, dedupCapacity));
        this.snapshotVersions = new PublishedVersions(dedupCapacity);
        this.eventVersions = new PublishedVersions(dedupCapacity);
    }

    /** @param now when this was observed (the object's own latest timestamp when replayed) */
    public List<Outgoing> normalize(Observed observed, Instant now) {
        HasMetadata object = observed.object();
        if (observed instanceof Observed.Deleted) {
            return deleted(object);
        }
        if (object instanceof Event event) {
            return fact(event, now);
        }
        if (object instanceof io.fabric8.kubernetes.api.model.events.v1.Event event) {
            return fact(EventsV1.toCore(event), now);
        }
        List<Outgoing> out = new ArrayList<>(2);
        List<ObjectRef> owners = OwnerChain.of(object, lookup);
        String resourceVersion = object.getMetadata().getResourceVersion();
        ObjectSnapshot snapshot = resourceVersion == null ? snapshot(object, owners, now) : null;
        if (snapshotVersions.isNew(object.getMetadata().getUid(),
                snapshot == null ? resourceVersion : versionOf(snapshot))) {
            out.add(new Outgoing.Snapshot(snapshot != null ? snapshot : snapshot(object, owners, now)));
        } else {
            metrics.deduplicated(Topic.CLUSTER_STATE);
        }
        if (object instanceof Pod pod) {
            List<ClusterEvent> facts = podStatus.normalize(pod, now).stream()
                    .map(fact -> redacted(withOwners(fact, owners))).toList();
            PodStatusMemory.Changes changes = podMemory.changes(pod.getMetadata().getUid(), facts);
            metrics.deduplicated(Topic.CLUSTER_EVENTS, changes.unchanged());
            changes.publish().forEach(fact -> out.add(new Outgoing.Fact(fact)));
        }
        return out;
    }

    private List<Outgoing> fact(Event event, Instant now) {
        ClusterEvent fact = events.normalize(event, ownersOf(event), now);
        if (!eventVersions.isNew(fact.eventUid(), versionOf(fact))) {
            metrics.deduplicated(Topic.CLUSTER_EVENTS);
            return List.of();
        }
        return List.of(new Outgoing.Fact(redacted(fact)));
    }

    private List<Outgoing> deleted(HasMetadata object) {
        String uid = object.getMetadata().getUid();
        if (object instanceof Event || object instanceof io.fabric8.kubernetes.api.model.events.v1.Event) {
            eventVersions.forget(uid);
            return List.of(); // Events expire after their TTL: not news
        }
        snapshotVersions.forget(uid);
        if (object instanceof Pod) {
            podMemory.forget(uid);
        }
        return List.of(new Outgoing.Tombstone(ref(object)));
    }

    private ObjectSnapshot snapshot(HasMetadata object, List<ObjectRef> owners, Instant now) {
        ObjectNode manifest = Manifests.trimmed(object);
        metrics.redacted(manifestRedactor.redact(manifest));
        return new ObjectSnapshot(ref(object), owners, object.getMetadata().getResourceVersion(), now, manifest);
    }

    private ClusterEvent redacted(ClusterEvent event) {
        Redaction redaction = redactor.redact(event.message());
        if (redaction.count() == 0) {
            return event;
        }
        metrics.redacted(redaction.count());
        return event.withMessage(redaction.text());
    }

    /** The involved object's owner chain, when the lookup has it (and it is the same object, by UID). */
    private List<ObjectRef> ownersOf(Event event) {
        ObjectReference involved = event.getInvolvedObject();
        if (involved == null || involved.getKind() == null) {
            return List.of();
        }
        return lookup.find(involved.getKind(), involved.getNamespace(), involved.getName())
                .filter(found -> involved.getUid() == null || involved.getUid().equals(found.getMetadata().getUid()))
                .map(found -> OwnerChain.of(found, lookup))
                .orElse(List.of());
    }

    private static ClusterEvent withOwners(ClusterEvent e, List<ObjectRef> owners) {
        return new ClusterEvent(e.eventUid(), e.origin(), e.involvedObject(), owners, e.reason(), e.message(), e.type(),
                e.count(), e.firstSeen(), e.lastSeen(), e.reportingComponent(), e.resourceVersion(), e.container());
    }

    /**
     * What identifies this version of an object: its resourceVersion, or (in a dump without one) a digest of the
     * published manifest, so the same content is recognised again.
     */
    static String versionOf(ObjectSnapshot snapshot) {
        return snapshot.resourceVersion() != null ? snapshot.resourceVersion()
                : "sha256:" + Digest.sha256(snapshot.manifest().toString());
    }

    /** An Event's resourceVersion, or (in a dump without one) what changes when it happens again. */
    static String versionOf(ClusterEvent event) {
        return event.resourceVersion() != null ? event.resourceVersion()
                : "count:" + event.count() + "@" + event.lastSeen() + "#" + Digest.sha256(String.valueOf(event.message()));
    }

    /** The latest timestamp the object carries itself: when a dumped object was last known to be like this. */
    public static Instant ownTime(HasMetadata object) {
        return Manifests.latestTimestamp(Manifests.trimmed(object));
    }

    static ObjectRef ref(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return new ObjectRef(object.getKind(), namespace == null || namespace.isEmpty() ? null : namespace,
                object.getMetadata().getName(), object.getMetadata().getUid());
    }

    /** A snapshot read back from {@code cluster.state}; null for its tombstone. */
    public void rememberSnapshot(String uid, ObjectSnapshot snapshot) {
        snapshotVersions.remember(uid, snapshot == null ? null : versionOf(snapshot));
    }

    /** A fact read back from {@code cluster.events}. */
    public void rememberFact(ClusterEvent event) {
        if (event.origin() == ClusterEvent.Origin.EVENT) {
            eventVersions.remember(event.eventUid(), versionOf(event));
        } else {
            podMemory.remember(event);
        }
    }

    /** UIDs of the objects whose snapshot was published and not tombstoned (as far as remembered). */
    public Set<String> publishedSnapshots() {
        return snapshotVersions.keys();
    }

    /** How many keys the de-duplication memory holds now (bounded by {@code clusterwise.ingest.dedup-capacity}). */
    public int rememberedKeys() {
        return snapshotVersions.size() + eventVersions.size();
    }

    int trackedPods() {
        return podMemory.trackedPods();
    }
}
