package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.devstack.cluster.Tables.Column;
import io.clusterwise.devstack.cluster.Tables.Printer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The columns and cells of the kinds the simulated cluster prints as tables, following the API server's own
 * printers ({@code pkg/printers/internalversion/printers.go}) closely enough that the output reads the same.
 */
final class KindPrinters {

    private static final String NONE = "<none>";

    private KindPrinters() {
    }

    static final class Pods implements Printer {
        @Override
        public List<Column> columns() {
            return List.of(Column.objectName(), Column.text("Ready"), Column.text("Status"), Column.text("Restarts"),
                    Column.text("Age"), Column.text("IP").wide(), Column.text("Node").wide(),
                    Column.text("Nominated Node").wide(), Column.text("Readiness Gates").wide());
        }

        @Override
        public List<Object> cells(JsonNode pod, Instant now) {
            JsonNode status = pod.path("status");
            // the API server defaults a new pod's phase to Pending; the mock stores what it was given
            String reason = text(status, "reason").orElse(text(status, "phase").orElse("Pending"));
            int restarts = 0;
            int ready = 0;
            Instant lastRestart = null;
            List<JsonNode> containers = elements(status.path("containerStatuses"));
            for (int i = containers.size() - 1; i >= 0; i--) {
                JsonNode c = containers.get(i);
                restarts += c.path("restartCount").asInt();
                Optional<Instant> finished = Ages.instant(c.path("lastState").path("terminated").path("finishedAt"));
                if (finished.isPresent() && (lastRestart == null || finished.get().isAfter(lastRestart))) {
                    lastRestart = finished.get();
                }
                JsonNode state = c.path("state");
                Optional<String> waiting = text(state.path("waiting"), "reason");
                Optional<String> terminated = text(state.path("terminated"), "reason");
                if (waiting.isPresent()) {
                    reason = waiting.get();
                } else if (terminated.isPresent()) {
                    reason = terminated.get();
                } else if (state.has("terminated")) {
                    JsonNode t = state.path("terminated");
                    reason = t.path("signal").asInt() != 0 ? "Signal:" + t.path("signal").asInt()
                            : "ExitCode:" + t.path("exitCode").asInt();
                } else if (c.path("ready").asBoolean() && state.has("running")) {
                    ready++;
                }
            }
            if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
                reason = "Terminating";
            }
            String restartCell = restarts != 0 && lastRestart != null
                    ? restarts + " (" + Ages.human(java.time.Duration.between(lastRestart, now)) + " ago)"
                    : Integer.toString(restarts);
            JsonNode spec = pod.path("spec");
            return List.of(name(pod), ready + "/" + spec.path("containers").size(), reason, restartCell,
                    age(pod, now), text(status, "podIP").orElse(NONE), text(spec, "nodeName").orElse(NONE),
                    text(status, "nominatedNodeName").orElse(NONE),
                    spec.path("readinessGates").isEmpty() ? NONE : spec.path("readinessGates").size() + "");
        }
    }

    static final class Events implements Printer {
        @Override
        public List<Column> columns() {
            return List.of(Column.text("Last Seen"), Column.text("Type"), Column.text("Reason"),
                    Column.text("Object"), Column.text("Subobject").wide(), Column.text("Source").wide(),
                    Column.text("Message"), Column.text("First Seen").wide(), Column.integer("Count").wide(),
                    new Column("Name", "string", "name", 1));
        }

        @Override
        public List<Object> cells(JsonNode event, Instant now) {
            JsonNode first = event.hasNonNull("firstTimestamp") ? event.get("firstTimestamp") : event.get("eventTime");
            String firstSeen = Ages.since(first, now);
            String lastSeen = event.hasNonNull("lastTimestamp") ? Ages.since(event.get("lastTimestamp"), now) : firstSeen;
            int count = Math.max(1, event.path("count").asInt());
            if (event.has("series")) {
                lastSeen = Ages.since(event.path("series").get("lastObservedTime"), now);
                count = event.path("series").path("count").asInt(count);
            }
            JsonNode involved = event.path("involvedObject");
            String kind = involved.path("kind").asText().toLowerCase(java.util.Locale.ROOT);
            String target = involved.path("name").asText().isEmpty() ? kind : kind + "/" + involved.path("name").asText();
            String component = text(event.path("source"), "component").or(() -> text(event, "reportingComponent")).orElse("");
            String instance = text(event.path("source"), "host").or(() -> text(event, "reportingInstance")).orElse("");
            String source = component.isEmpty() ? "" : instance.isEmpty() ? component : component + ", " + instance;
            return List.of(lastSeen, event.path("type").asText(), event.path("reason").asText(), target,
                    involved.path("fieldPath").asText(), source, event.path("message").asText().trim(), firstSeen,
                    count, name(event));
        }
    }

    static final class Nodes implements Printer {
        @Override
        public List<Column> columns() {
            return List.of(Column.objectName(), Column.text("Status"), Column.text("Roles"), Column.text("Age"),
                    Column.text("Version"), Column.text("Internal-IP").wide(), Column.text("External-IP").wide(),
                    Column.text("OS-Image").wide(), Column.text("Kernel-Version").wide(),
                    Column.text("Container-Runtime").wide());
        }

        @Override
        public List<Object> cells(JsonNode node, Instant now) {
            String ready = elements(node.path("status").path("conditions")).stream()
                    .filter(c -> c.path("type").asText().equals("Ready"))
                    .map(c -> switch (c.path("status").asText()) {
                        case "True" -> "Ready";
                        case "False" -> "NotReady";
                        default -> "Unknown";
                    })
                    .findFirst().orElse("Unknown");
            if (node.path("spec").path("unschedulable").asBoolean()) {
                ready += ",SchedulingDisabled";
            }
            List<String> roles = new ArrayList<>();
            node.path("metadata").path("labels").fieldNames().forEachRemaining(label -> {
                if (label.startsWith("node-role.kubernetes.io/")) {
                    roles.add(label.substring("node-role.kubernetes.io/".length()));
                }
            });
            JsonNode info = node.path("status").path("nodeInfo");
            return List.of(name(node), ready, roles.isEmpty() ? NONE : String.join(",", roles), age(node, now),
                    info.path("kubeletVersion").asText(), address(node, "InternalIP"), address(node, "ExternalIP"),
                    text(info, "osImage").orElse("<unknown>"), text(info, "kernelVersion").orElse("<unknown>"),
                    text(info, "containerRuntimeVersion").orElse("<unknown>"));
        }

        private static String address(JsonNode node, String type) {
            return elements(node.path("status").path("addresses")).stream()
                    .filter(a -> a.path("type").asText().equals(type))
                    .map(a -> a.path("address").asText())
                    .findFirst().orElse(NONE);
        }
    }

    static final class Namespaces implements Printer {
        @Override
        public List<Column> columns() {
            return List.of(Column.objectName(), Column.text("Status"), Column.text("Age"));
        }

        @Override
        public List<Object> cells(JsonNode namespace, Instant now) {
            return List.of(name(namespace), text(namespace.path("status"), "phase").orElse("Active"),
                    age(namespace, now));
        }
    }

    static final class Deployments implements Printer {
        @Override
        public List<Column> columns() {
            return List.of(Column.objectName(), Column.text("Ready"), Column.integer("Up-to-date"),
                    Column.integer("Available"), Column.text("Age"), Column.text("Containers").wide(),
                    Column.text("Images").wide(), Column.text("Selector").wide());
        }

        @Override
        public List<Object> cells(JsonNode deployment, Instant now) {
            JsonNode spec = deployment.path("spec");
            JsonNode status = deployment.path("status");
            JsonNode podSpec = spec.path("template").path("spec");
            return List.of(name(deployment),
                    status.path("readyReplicas").asInt() + "/" + spec.path("replicas").asInt(1),
                    status.path("updatedReplicas").asInt(), status.path("availableReplicas").asInt(),
                    age(deployment, now), containerField(podSpec, "name"), containerField(podSpec, "image"),
                    selector(spec.path("selector")));
        }
    }

    static final class ReplicaSets implements Printer {
        @Override
        public List<Column> columns() {
            return List.of(Column.objectName(), Column.integer("Desired"), Column.integer("Current"),
                    Column.integer("Ready"), Column.text("Age"), Column.text("Containers").wide(),
                    Column.text("Images").wide(), Column.text("Selector").wide());
        }

        @Override
        public List<Object> cells(JsonNode replicaSet, Instant now) {
            JsonNode spec = replicaSet.path("spec");
            JsonNode status = replicaSet.path("status");
            JsonNode podSpec = spec.path("template").path("spec");
            return List.of(name(replicaSet), spec.path("replicas").asInt(1), status.path("replicas").asInt(),
                    status.path("readyReplicas").asInt(), age(replicaSet, now), containerField(podSpec, "name"),
                    containerField(podSpec, "image"), selector(spec.path("selector")));
        }
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static String age(JsonNode object, Instant now) {
        return Ages.since(object.path("metadata").get("creationTimestamp"), now);
    }

    private static Optional<String> text(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? Optional.empty() : Optional.of(value.asText());
    }

    private static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static String containerField(JsonNode podSpec, String field) {
        String joined = elements(podSpec.path("containers")).stream()
                .map(c -> c.path(field).asText())
                .collect(Collectors.joining(","));
        return joined.isEmpty() ? NONE : joined;
    }

    /** {@code metav1.FormatLabelSelector}: sorted {@code k=v} pairs, then {@code key op (values)} expressions. */
    private static String selector(JsonNode selector) {
        List<String> parts = new ArrayList<>();
        TreeMap<String, String> labels = new TreeMap<>();
        selector.path("matchLabels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        labels.forEach((k, v) -> parts.add(k + "=" + v));
        for (JsonNode expression : elements(selector.path("matchExpressions"))) {
            String values = elements(expression.path("values")).stream().map(JsonNode::asText)
                    .collect(Collectors.joining(","));
            String key = expression.path("key").asText();
            parts.add(switch (expression.path("operator").asText()) {
                case "In" -> key + " in (" + values + ")";
                case "NotIn" -> key + " notin (" + values + ")";
                case "DoesNotExist" -> "!" + key;
                default -> key;
            });
        }
        return parts.isEmpty() ? NONE : String.join(",", parts);
    }
}
