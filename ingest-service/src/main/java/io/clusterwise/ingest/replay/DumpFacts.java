package io.clusterwise.ingest.replay;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.normalize.ObjectLookup;
import io.clusterwise.ingest.normalize.ObservedNormalizer;
import io.clusterwise.ingest.normalize.Outgoing;
import io.clusterwise.ingest.redact.Redactor;
import io.clusterwise.ingest.watch.Observed;
import io.clusterwise.ingest.watch.WatchedKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts in a {@code kubectl get ... -A -o json} dump, exactly as the informers would publish them for those
 * objects: normalized, redacted, with the objects' own timestamps (an object is "observed" at the latest time it
 * carries itself). Owner chains are resolved among the dump's objects. Pure: no Kafka, no cluster.
 * <p>
 * Accepted: a {@code List}, an {@code EventList} or any {@code <Kind>List} whose items are of the kinds ingest
 * watches (Events of either API, Pods, Nodes, Namespaces, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs,
 * CronJobs, PersistentVolumeClaims, Services, EndpointSlices), or one such object alone. The whole file is read and
 * checked before anything is returned.
 */
public final class DumpFacts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final int DEDUP_CAPACITY = Integer.MAX_VALUE;

    /** Facts for {@code cluster.events} and snapshots for {@code cluster.state}. */
    public record Facts(List<ClusterEvent> events, List<ObjectSnapshot> snapshots) {
        public Facts {
            events = List.copyOf(events);
            snapshots = List.copyOf(snapshots);
        }

        /** Everything to publish, snapshots first. */
        public List<Outgoing> records() {
            List<Outgoing> all = new ArrayList<>(snapshots.size() + events.size());
            snapshots.forEach(s -> all.add(new Outgoing.Snapshot(s)));
            events.forEach(e -> all.add(new Outgoing.Fact(e)));
            return all;
        }
    }

    private DumpFacts() {
    }

    /**
     * @param clusterName the cluster the dump is from (kept for the envelope {@code source} by publishers; the facts
     *                    themselves do not carry it)
     * @throws DumpFormatException naming the problem and its position
     */
    public static Facts read(Path file, String clusterName) {
        return read(file, clusterName, new IngestMetrics(new SimpleMeterRegistry()));
    }

    static Facts read(Path file, String clusterName, IngestMetrics metrics) {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        List<HasMetadata> objects = objects(parse(file));
        return facts(objects, metrics);
    }

    private static JsonNode parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DumpFormatException("no such file: " + file);
        } catch (IOException e) {
            throw new DumpFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() == null) {
                throw new DumpFormatException("not JSON: " + file + " is empty (at 1:1)");
            }
            JsonNode root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new DumpFormatException("not JSON: unexpected content after the end of the document at "
                        + at(parser.currentTokenLocation()));
            }
            return root;
        } catch (JsonEOFException e) {
            throw new DumpFormatException("truncated JSON: the file ends inside " + inside(e) + " at "
                    + at(e.getLocation()), e);
        } catch (JsonProcessingException e) {
            throw new DumpFormatException("not JSON: " + e.getOriginalMessage() + " at " + at(e.getLocation()), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String inside(JsonEOFException e) {
        String message = e.getOriginalMessage();
        return message != null && message.contains("String") ? "a string" : "an unfinished object or array";
    }

    private static String at(JsonLocation location) {
        return location == null ? "an unknown position" : location.getLineNr() + ":" + location.getColumnNr();
    }

    private static List<HasMetadata> objects(JsonNode root) {
        if (!root.isObject()) {
            throw new DumpFormatException("wrong kind: the document is a JSON " + root.getNodeType().name().toLowerCase()
                    + ", not a List or EventList (kubectl get ... -o json) at 1:1");
        }
        String kind = root.path("kind").asText("");
        List<HasMetadata> objects = new ArrayList<>();
        if (kind.equals("List") || kind.endsWith("List")) {
            JsonNode items = root.path("items");
            if (!items.isArray()) {
                throw new DumpFormatException("wrong kind: " + kind + " without an 'items' array");
            }
            for (int i = 0; i < items.size(); i++) {
                objects.add(object(items.get(i), "item " + i));
            }
        } else if (WatchedKind.fromKind(kind).isPresent()) {
            objects.add(object(root, "the document"));
        } else {
            throw new DumpFormatException("wrong kind: the document's kind is '" + kind
                    + "', expected List, EventList or another <Kind>List from kubectl get ... -o json");
        }
        return objects;
    }

    private static HasMetadata object(JsonNode item, String where) {
        if (!item.isObject()) {
            throw new DumpFormatException(where + ": not an object");
        }
        String kind = item.path("kind").asText("");
        String apiVersion = item.path("apiVersion").asText("");
        String name = item.path("metadata").path("name").asText("");
        String what = kind + (name.isEmpty() ? "" : " " + qualified(item, name));
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            throw new DumpFormatException(where + ": has no kind or apiVersion");
        }
        if (WatchedKind.fromKind(kind).isEmpty()) {
            throw new DumpFormatException(where + " (" + what + "): wrong kind: ingest does not read " + kind
                    + (kind.equals("Secret") || kind.equals("ConfigMap") ? " (never Secrets, never ConfigMap data)" : "")
                    + "; it reads " + WatchedKind.resourceNames());
        }
        if (name.isEmpty()) {
            throw new DumpFormatException(where + " (" + kind + "): has no metadata.name");
        }
        try {
            Object typed = KUBERNETES.convertValue(item, io.fabric8.kubernetes.api.model.KubernetesResource.class);
            if (typed instanceof HasMetadata object && object.getClass().getSimpleName().equals(kind)) {
                return object;
            }
            throw new DumpFormatException(where + " (" + what + "): " + apiVersion + " " + kind
                    + " is not an API version ingest reads");
        } catch (IllegalArgumentException e) {
            throw new DumpFormatException(where + " (" + what + "): cannot read it as " + apiVersion + " " + kind
                    + ": " + rootMessage(e), e);
        }
    }

    private static String qualified(JsonNode item, String name) {
        String namespace = item.path("metadata").path("namespace").asText("");
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root instanceof JsonProcessingException j ? j.getOriginalMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private static Facts facts(List<HasMetadata> objects, IngestMetrics metrics) {
        Map<String, HasMetadata> byName = new HashMap<>();
        objects.forEach(o -> byName.put(key(o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName()), o));
        ObjectLookup lookup = (kind, namespace, name) -> Optional.ofNullable(byName.get(key(kind, namespace, name)));
        ObservedNormalizer normalizer = new ObservedNormalizer(lookup, new Redactor(), metrics, DEDUP_CAPACITY);
        Instant latestInDump = objects.stream().map(DumpFacts::ownTime).filter(java.util.Objects::nonNull)
                .max(Instant::compareTo).orElseGet(Instant::now);
        List<ClusterEvent> events = new ArrayList<>();
        List<ObjectSnapshot> snapshots = new ArrayList<>();
        for (HasMetadata object : objects) {
            WatchedKind kind = WatchedKind.fromKind(object.getKind()).orElseThrow();
            Instant observedAt = Optional.ofNullable(ownTime(object)).orElse(latestInDump);
            metrics.received(kind.kind());
            for (Outgoing out : normalizer.normalize(new Observed.Upserted(kind, object), observedAt)) {
                if (out instanceof Outgoing.Fact fact) {
                    events.add(fact.event());
                } else if (out instanceof Outgoing.Snapshot snapshot) {
                    snapshots.add(snapshot.snapshot());
                }
            }
        }
        return new Facts(events, snapshots);
    }

    private static Instant ownTime(HasMetadata object) {
        return ObservedNormalizer.ownTime(object);
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }
}
