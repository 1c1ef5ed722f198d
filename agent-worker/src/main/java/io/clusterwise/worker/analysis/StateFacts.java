package io.clusterwise.worker.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reduces an object's snapshot ({@code kubectl -o json} shape) to {@link ObjectState}: the facts its status shows.
 * Pod facts use ingest's status-record ids ({@code pod-status/<uid>/<container>}), so a fact read here and the same
 * fact read from {@code cluster.events} are one fact, not two.
 */
public final class StateFacts {

    /** The reporting component of facts read from object state. */
    public static final String COMPONENT = "clusterwise-state";

    private static final Set<String> BENIGN_WAITING = Set.of("ContainerCreating", "PodInitializing");
    private static final Set<String> PRESSURES = Set.of("MemoryPressure", "DiskPressure", "PIDPressure",
            "NetworkUnavailable");

    private StateFacts() {
    }

    public static ObjectState of(ObjectSnapshot snapshot) {
        JsonNode m = snapshot.manifest();
        Facts facts = new Facts(snapshot);
        String kind = snapshot.object().kind() == null ? m.path("kind").asText("") : snapshot.object().kind();
        String nodeName = null;
        boolean selectsPods = false;
        String sliceService = null;
        int ready = 0;
        switch (kind) {
            case "Pod" -> {
                pod(m, facts);
                nodeName = text(m.path("spec").path("nodeName"));
            }
            case "Node" -> node(m, facts);
            case "Deployment", "StatefulSet", "DaemonSet" -> workload(kind, m, facts);
            case "Job" -> job(m, facts);
            case "PersistentVolumeClaim" -> pvc(m, facts);
            case "Service" -> selectsPods = !"ExternalName".equals(m.path("spec").path("type").asText())
                    && m.path("spec").path("selector").size() > 0;
            case "EndpointSlice" -> {
                sliceService = text(m.path("metadata").path("labels").path("kubernetes.io/service-name"));
                for (JsonNode ep : m.path("endpoints")) {
                    // Kubernetes: a nil ready condition means ready
                    if (!ep.path("conditions").path("ready").isBoolean()
                            || ep.path("conditions").path("ready").asBoolean()) {
                        ready++;
                    }
                }
            }
            default -> {
            }
        }
        return new ObjectState(snapshot.object(), facts.owners, snapshot.observedAt(), facts.out, nodeName,
                selectsPods, sliceService, ready);
    }

    /**
     * The snapshot's owner chain; where ingest gave none, the manifest's own {@code ownerReferences} (the controller
     * first), so a ReplicaSet or Job still names its Deployment or CronJob.
     */
    static List<ObjectRef> owners(ObjectSnapshot snapshot) {
        if (!snapshot.owners().isEmpty()) {
            return snapshot.owners();
        }
        JsonNode refs = snapshot.manifest().path("metadata").path("ownerReferences");
        if (!refs.isArray() || refs.isEmpty()) {
            return List.of();
        }
        List<ObjectRef> owners = new ArrayList<>();
        for (JsonNode ref : refs) {
            String kind = text(ref.path("kind"));
            // a static pod is owned by its Node, which has no namespace
            ObjectRef owner = new ObjectRef(kind, "Node".equals(kind) ? null : snapshot.object().namespace(),
                    text(ref.path("name")), text(ref.path("uid")));
            if (ref.path("controller").asBoolean(false)) {
                owners.add(0, owner);
            } else {
                owners.add(owner);
            }
        }
        return List.copyOf(owners);
    }

    /** Facts that need several objects: a pod-selecting Service whose EndpointSlices have no ready endpoint. */
    public static List<ClusterEvent> crossObject(Collection<ObjectState> states) {
        Map<String, Integer> readyByService = new HashMap<>();
        for (ObjectState s : states) {
            if (s.sliceService() != null) {
                readyByService.merge(s.object().namespace() + "/" + s.sliceService(), s.readyEndpoints(),
                        Integer::sum);
            }
        }
        List<ClusterEvent> out = new ArrayList<>();
        for (ObjectState s : states) {
            Integer ready = readyByService.get(s.object().namespace() + "/" + s.object().name());
            // judged only when its slices are known: a watch without EndpointSlices says nothing about endpoints
            if (s.selectsPods() && "Service".equals(s.object().kind()) && ready != null && ready == 0) {
                out.add(new ClusterEvent("state/" + s.key() + "/endpoints", ClusterEvent.Origin.POD_STATUS,
                        s.object(), s.owners(), "NoReadyEndpoints",
                        "service " + s.object().name() + " selects pods but none of its endpoints is ready",
                        EventType.Warning, 1, s.observedAt(), s.observedAt(), COMPONENT, null, null));
            }
        }
        return out;
    }

    private static void pod(JsonNode m, Facts f) {
        JsonNode status = m.path("status");
        if (!m.path("metadata").path("deletionTimestamp").isMissingNode()) {
            return; // killed on purpose
        }
        if ("Failed".equals(status.path("phase").asText()) && "Evicted".equals(status.path("reason").asText())) {
            f.add("pod-status/" + f.uid() + "/eviction", "Evicted", status.path("message").asText("pod was evicted"),
                    EventType.Warning, 1, f.at(), f.at(), null);
        }
        for (JsonNode c : status.path("conditions")) {
            if ("PodScheduled".equals(c.path("type").asText()) && "False".equals(c.path("status").asText())
                    && "Pending".equals(status.path("phase").asText())
                    && !"SchedulingGated".equals(c.path("reason").asText())) {
                Instant at = time(c.path("lastTransitionTime"), f.at());
                f.add("pod-status/" + f.uid() + "/scheduling", c.path("reason").asText("Unschedulable"),
                        c.path("message").asText("pod cannot be scheduled"), EventType.Warning, 1, at, at, null);
            }
        }
        containers(status.path("initContainerStatuses"), f);
        containers(status.path("containerStatuses"), f);
    }

    private static void containers(JsonNode statuses, Facts f) {
        for (JsonNode s : statuses) {
            String name = s.path("name").asText();
            JsonNode waiting = s.path("state").path("waiting");
            JsonNode terminated = s.path("state").has("terminated") ? s.path("state").path("terminated")
                    : s.path("lastState").path("terminated");
            boolean ready = s.path("ready").asBoolean(false);
            int restarts = s.path("restartCount").asInt(0);
            Instant finished = time(terminated.path("finishedAt"), null);
            ClusterEvent.ContainerFacts facts = new ClusterEvent.ContainerFacts(name, text(waiting.path("reason")),
                    text(terminated.path("reason")), terminated.has("exitCode") ? terminated.path("exitCode").asInt()
                    : null, finished, restarts, ready);
            Instant last = finished != null ? finished : f.at();
            String uid = "pod-status/" + f.uid() + "/" + name;
            if (ready) {
                f.add(uid, EventText.CONTAINER_READY, "container " + name + " is ready; restarts: " + restarts,
                        EventType.Normal, Math.max(1, restarts), f.at(), f.at(), facts);
                continue;
            }
            String reason = text(waiting.path("reason"));
            if (reason == null || BENIGN_WAITING.contains(reason)) {
                String term = text(terminated.path("reason"));
                boolean abnormal = term != null && !"Completed".equals(term)
                        || terminated.path("exitCode").asInt(0) != 0;
                reason = abnormal && reason == null ? (term != null ? term : "Error") : null;
            }
            if (reason != null) {
                String message = "container " + name + " is waiting: " + reason
                        + (waiting.has("message") ? " (" + waiting.path("message").asText() + ")" : "")
                        + (facts.lastTerminationReason() == null ? "" : "; last terminated: "
                        + facts.lastTerminationReason() + ", exit code " + facts.lastExitCode())
                        + "; restarts: " + restarts;
                f.add(uid, reason, message, EventType.Warning, Math.max(1, restarts), last, last, facts);
            }
        }
    }

    private static void node(JsonNode m, Facts f) {
        for (JsonNode c : m.path("status").path("conditions")) {
            String type = c.path("type").asText();
            String status = c.path("status").asText();
            Instant since = time(c.path("lastTransitionTime"), f.at());
            Instant last = time(c.path("lastHeartbeatTime"), since);
            if ("Ready".equals(type)) {
                boolean ready = "True".equals(status);
                f.add("state/" + f.uid() + "/Ready", ready ? "NodeReady" : "NodeNotReady",
                        "node " + f.name() + " Ready=" + status + ": " + c.path("message").asText(""),
                        ready ? EventType.Normal : EventType.Warning, 1, since, last.isBefore(since) ? since : last,
                        null);
            } else if (PRESSURES.contains(type) && "True".equals(status)) {
                f.add("state/" + f.uid() + "/" + type, type, "node " + f.name() + " has " + type + ": "
                        + c.path("message").asText(""), EventType.Warning, 1, since, since, null);
            }
        }
    }

    private static void workload(String kind, JsonNode m, Facts f) {
        JsonNode spec = m.path("spec");
        JsonNode status = m.path("status");
        int desired;
        int available;
        if ("DaemonSet".equals(kind)) {
            desired = status.path("desiredNumberScheduled").asInt(0);
            available = status.path("numberAvailable").asInt(0);
        } else {
            desired = spec.path("replicas").asInt(1);
            available = status.path("StatefulSet".equals(kind) ? "readyReplicas" : "availableReplicas").asInt(0);
        }
        String why = "";
        Instant since = f.at();
        for (JsonNode c : status.path("conditions")) {
            if ("False".equals(c.path("status").asText())
                    && Set.of("Available", "Progressing").contains(c.path("type").asText())) {
                why = "; " + c.path("type").asText() + "=False " + c.path("reason").asText("") + ": "
                        + c.path("message").asText("");
                since = time(c.path("lastTransitionTime"), since);
            }
        }
        boolean unavailable = desired > 0 && available < desired;
        f.add("state/" + f.uid() + "/replicas", unavailable ? "UnavailableReplicas" : "ReplicasAvailable",
                available + "/" + desired + " replicas available" + why,
                unavailable ? EventType.Warning : EventType.Normal, Math.max(1, desired - available), since, f.at(),
                null);
    }

    private static void job(JsonNode m, Facts f) {
        for (JsonNode c : m.path("status").path("conditions")) {
            if ("True".equals(c.path("status").asText())
                    && Set.of("Failed", "Complete").contains(c.path("type").asText())) {
                boolean failed = "Failed".equals(c.path("type").asText());
                Instant at = time(c.path("lastTransitionTime"), f.at());
                f.add("state/" + f.uid() + "/job", failed ? c.path("reason").asText("JobFailed") : "Completed",
                        "job " + f.name() + (failed ? " failed: " : " completed: ") + c.path("message").asText("")
                                + "; failed pods: " + m.path("status").path("failed").asInt(0),
                        failed ? EventType.Warning : EventType.Normal, 1, at, at, null);
            }
        }
    }

    private static void pvc(JsonNode m, Facts f) {
        String phase = m.path("status").path("phase").asText("");
        if ("Pending".equals(phase)) {
            Instant created = time(m.path("metadata").path("creationTimestamp"), f.at());
            f.add("state/" + f.uid() + "/claim", "ClaimPending", "persistentvolumeclaim " + f.name()
                    + " is Pending (storageClassName " + m.path("spec").path("storageClassName").asText("default")
                    + ")", EventType.Warning, 1, created, f.at(), null);
        } else if ("Bound".equals(phase)) {
            f.add("state/" + f.uid() + "/claim", "ClaimBound", "persistentvolumeclaim " + f.name() + " is Bound",
                    EventType.Normal, 1, f.at(), f.at(), null);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    private static Instant time(JsonNode n, Instant fallback) {
        String t = text(n);
        if (t == null) {
            return fallback;
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    /** Collects the facts of one snapshot. */
    private static final class Facts {
        private final ObjectSnapshot snapshot;
        private final List<ObjectRef> owners;
        private final List<ClusterEvent> out = new ArrayList<>();

        Facts(ObjectSnapshot snapshot) {
            this.snapshot = snapshot;
            this.owners = owners(snapshot);
        }

        String uid() {
            ObjectRef o = snapshot.object();
            return o.uid() != null ? o.uid() : o.path();
        }

        String name() {
            return snapshot.object().name();
        }

        Instant at() {
            if (snapshot.observedAt() != null) {
                return snapshot.observedAt();
            }
            return time(snapshot.manifest().path("metadata").path("creationTimestamp"), Instant.EPOCH);
        }

        void add(String eventUid, String reason, String message, EventType type, int count, Instant first,
                 Instant last, ClusterEvent.ContainerFacts container) {
            out.add(new ClusterEvent(eventUid, ClusterEvent.Origin.POD_STATUS, snapshot.object(), owners,
                    reason, message, type, count, first, last, COMPONENT, snapshot.resourceVersion(), container));
        }
    }
}
