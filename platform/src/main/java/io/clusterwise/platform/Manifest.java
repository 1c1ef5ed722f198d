package io.clusterwise.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Kubernetes object as parsed from YAML: a read-only view over its tree of maps, lists and scalars.
 *
 * <p>Navigation takes a path of map keys (String) and list indexes (Integer), so keys that contain dots or slashes
 * ({@code strimzi.io/cluster}, {@code cleanup.policy}) need no escaping: {@code m.string("metadata", "labels",
 * "strimzi.io/cluster")}. A path that does not exist gives an empty Optional / empty collection, never an exception.
 *
 * @param origin where it came from, e.g. {@code platform/base/kafka/topics.yaml#3} (file and document index)
 * @param body   the parsed document
 */
public record Manifest(String origin, Map<String, Object> body) {

    /** Kinds whose pod template (or pod spec) {@link #podSpec()} knows how to find. */
    public static final Set<String> WORKLOAD_KINDS =
            Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");

    public Manifest {
        body = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(body));
    }

    public String apiVersion() {
        return string("apiVersion").orElse("");
    }

    public String kind() {
        return string("kind").orElse("");
    }

    public String name() {
        return string("metadata", "name").orElse("");
    }

    /** The namespace written in the manifest (empty if none: cluster-scoped, or set later by kustomize). */
    public String namespace() {
        return string("metadata", "namespace").orElse("");
    }

    public boolean is(String kind) {
        return kind().equals(kind);
    }

    public boolean is(String kind, String name) {
        return is(kind) && name().equals(name);
    }

    /** The value at {@code path}, if every step exists. */
    public Optional<Object> at(Object... path) {
        Object current = body;
        for (Object step : path) {
            if (step instanceof String key && current instanceof Map<?, ?> map) {
                current = map.get(key);
            } else if (step instanceof Integer index && current instanceof List<?> list) {
                current = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                return Optional.empty();
            }
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    /** A scalar at {@code path} as text (numbers and booleans as written), if present and not a map or list. */
    public Optional<String> string(Object... path) {
        return at(path).filter(v -> !(v instanceof Map) && !(v instanceof List)).map(String::valueOf);
    }

    /** The map at {@code path}, or an empty map. */
    public Map<String, Object> map(Object... path) {
        return at(path).map(Manifest::asMap).orElse(Map.of());
    }

    /** The list at {@code path}, or an empty list. */
    public List<Object> list(Object... path) {
        return at(path).filter(List.class::isInstance).map(v -> List.copyOf(asList(v))).orElse(List.of());
    }

    /** The maps in the list at {@code path} (non-map items skipped), each as a {@link Manifest}-like view. */
    public List<Manifest> children(Object... path) {
        List<Manifest> out = new ArrayList<>();
        List<Object> items = list(path);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Map<?, ?> item) {
                out.add(new Manifest(origin + " " + describePath(path) + "[" + i + "]", asMap(item)));
            }
        }
        return out;
    }

    /** The map at {@code path} as a view of its own (for nested objects such as a pod spec). */
    public Optional<Manifest> child(Object... path) {
        return at(path).filter(Map.class::isInstance)
                .map(v -> new Manifest(origin + " " + describePath(path), asMap(v)));
    }

    /**
     * The pod spec of a workload: {@code spec} of a Pod, {@code spec.jobTemplate.spec.template.spec} of a CronJob,
     * {@code spec.template.spec} of the others in {@link #WORKLOAD_KINDS}; empty for anything else.
     */
    public Optional<Manifest> podSpec() {
        return switch (kind()) {
            case "Pod" -> child("spec");
            case "CronJob" -> child("spec", "jobTemplate", "spec", "template", "spec");
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> child("spec", "template", "spec");
            default -> Optional.empty();
        };
    }

    /** The pod template's labels of a workload (empty for a Pod's own, use metadata.labels there). */
    public Map<String, Object> podLabels() {
        return switch (kind()) {
            case "Pod" -> map("metadata", "labels");
            case "CronJob" -> map("spec", "jobTemplate", "spec", "template", "metadata", "labels");
            default -> map("spec", "template", "metadata", "labels");
        };
    }

    /** Every container of a workload's pod spec: init containers first, then containers. */
    public List<Manifest> allContainers() {
        return podSpec().map(spec -> {
            List<Manifest> all = new ArrayList<>(spec.children("initContainers"));
            all.addAll(spec.children("containers"));
            return List.copyOf(all);
        }).orElse(List.of());
    }

    @Override
    public String toString() {
        return (kind().isEmpty() ? "" : kind() + "/" + name() + " ") + "(" + origin + ")";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object value) {
        return (List<Object>) value;
    }

    private static String describePath(Object... path) {
        StringBuilder sb = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                sb.append(sb.isEmpty() ? "" : ".").append(step);
            }
        }
        return sb.toString();
    }
}
