package io.clusterwise.ingest.watch;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every kind the ingest can watch, named by its API resource (the names of {@code clusterwise.ingest.kinds} and of
 * the ClusterRole's rules). Never Secrets, never ConfigMaps: they are not in this list on purpose.
 * <p>
 * Events are read from {@code events.k8s.io/v1} when the API server serves it, else from core/v1.
 */
public enum WatchedKind {
    EVENTS("events", "Event", List.of("events.k8s.io", ""), true),
    PODS("pods", "Pod", List.of(""), true),
    NODES("nodes", "Node", List.of(""), false),
    NAMESPACES("namespaces", "Namespace", List.of(""), false),
    DEPLOYMENTS("deployments", "Deployment", List.of("apps"), true),
    REPLICASETS("replicasets", "ReplicaSet", List.of("apps"), true),
    STATEFULSETS("statefulsets", "StatefulSet", List.of("apps"), true),
    DAEMONSETS("daemonsets", "DaemonSet", List.of("apps"), true),
    JOBS("jobs", "Job", List.of("batch"), true),
    CRONJOBS("cronjobs", "CronJob", List.of("batch"), true),
    PERSISTENTVOLUMECLAIMS("persistentvolumeclaims", "PersistentVolumeClaim", List.of(""), true),
    SERVICES("services", "Service", List.of(""), true),
    ENDPOINTSLICES("endpointslices", "EndpointSlice", List.of("discovery.k8s.io"), true);

    private final String resource;
    private final String kind;
    private final List<String> apiGroups;
    private final boolean namespaced;

    WatchedKind(String resource, String kind, List<String> apiGroups, boolean namespaced) {
        this.resource = resource;
        this.kind = kind;
        this.apiGroups = apiGroups;
        this.namespaced = namespaced;
    }

    /** The API resource, e.g. {@code replicasets}. */
    public String resource() {
        return resource;
    }

    /** The object kind, e.g. {@code ReplicaSet}. */
    public String kind() {
        return kind;
    }

    /** The API groups it is read from ({@code ""} = core), preferred first. */
    public List<String> apiGroups() {
        return apiGroups;
    }

    public boolean namespaced() {
        return namespaced;
    }

    public static Optional<WatchedKind> fromResource(String resource) {
        String wanted = resource.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.resource.equals(wanted)).findFirst();
    }

    public static Optional<WatchedKind> fromKind(String kind) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(kind)).findFirst();
    }

    /** e.g. {@code events, pods, nodes, …}. */
    public static String resourceNames() {
        return Arrays.stream(values()).map(WatchedKind::resource).collect(Collectors.joining(", "));
    }
}
