package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The resource types the simulated cluster serves, and the discovery documents real {@code kubectl} needs before it
 * sends a single {@code get}: {@code /version}, {@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/G/V}.
 * fabric8's CRUD mock stores any path it is given; this list only decides what discovery advertises and which typed
 * list kind a collection answers with.
 */
final class ApiCatalog {

    /** The server version {@code kubectl version} shows; the seed's kubelets are 1.31 too. */
    static final String SERVER_VERSION = "v1.31.4";

    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private static final List<ApiResource> RESOURCES = List.of(
            core("pods", "Pod", true, "po").inCategoryAll(),
            core("events", "Event", true, "ev"),
            core("nodes", "Node", false, "no"),
            core("namespaces", "Namespace", false, "ns"),
            core("services", "Service", true, "svc").inCategoryAll(),
            core("endpoints", "Endpoints", true, "ep"),
            core("configmaps", "ConfigMap", true, "cm"),
            core("secrets", "Secret", true),
            core("serviceaccounts", "ServiceAccount", true, "sa"),
            core("persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
            core("persistentvolumes", "PersistentVolume", false, "pv"),
            grouped("apps", "deployments", "Deployment", true, "deploy").inCategoryAll(),
            grouped("apps", "replicasets", "ReplicaSet", true, "rs").inCategoryAll(),
            grouped("apps", "statefulsets", "StatefulSet", true, "sts").inCategoryAll(),
            grouped("apps", "daemonsets", "DaemonSet", true, "ds").inCategoryAll(),
            grouped("batch", "jobs", "Job", true).inCategoryAll(),
            grouped("batch", "cronjobs", "CronJob", true, "cj").inCategoryAll(),
            grouped("events.k8s.io", "events", "Event", true, "ev"),
            grouped("discovery.k8s.io", "endpointslices", "EndpointSlice", true),
            grouped("policy", "poddisruptionbudgets", "PodDisruptionBudget", true, "pdb"));

    private final ObjectMapper json;

    ApiCatalog(ObjectMapper json) {
        this.json = json;
    }

    /** One served resource type, in the shape of an {@code APIResource} of a discovery document. */
    record ApiResource(String group, String name, String kind, boolean namespaced, List<String> shortNames,
                       boolean categoryAll) {

        String groupVersion() {
            return group.isEmpty() ? "v1" : group + "/v1";
        }

        String singularName() {
            return kind.toLowerCase(java.util.Locale.ROOT);
        }

        ApiResource inCategoryAll() {
            return new ApiResource(group, name, kind, namespaced, shortNames, true);
        }
    }

    private static ApiResource core(String name, String kind, boolean namespaced, String... shortNames) {
        return grouped("", name, kind, namespaced, shortNames);
    }

    private static ApiResource grouped(String group, String name, String kind, boolean namespaced,
                                       String... shortNames) {
        return new ApiResource(group, name, kind, namespaced, List.of(shortNames), false);
    }

    /** The resource behind {@code groupVersion} ("v1", "apps/v1") and plural {@code name}, if served. */
    Optional<ApiResource> find(String groupVersion, String name) {
        return RESOURCES.stream()
                .filter(r -> r.groupVersion().equals(groupVersion) && r.name().equals(name))
                .findFirst();
    }

    /** The discovery document for {@code path} (no query string), if it is one. */
    Optional<ObjectNode> discovery(String path, String serverAddress) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/version")) {
            return Optional.of(version());
        }
        if (p.equals("/api")) {
            return Optional.of(apiVersions(serverAddress));
        }
        if (p.equals("/apis")) {
            return Optional.of(groupList());
        }
        if (p.equals("/api/v1")) {
            return Optional.of(resourceList("v1"));
        }
        if (p.startsWith("/apis/")) {
            String groupVersion = p.substring("/apis/".length());
            if (groupVersions().containsKey(groupVersion)) {
                return Optional.of(resourceList(groupVersion));
            }
        }
        return Optional.empty();
    }

    private ObjectNode version() {
        String[] parts = SERVER_VERSION.substring(1).split("\\.");
        ObjectNode v = json.createObjectNode();
        v.put("major", parts[0]);
        v.put("minor", parts[1]);
        v.put("gitVersion", SERVER_VERSION);
        v.put("gitCommit", "clusterwise-simulated");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-01-01T00:00:00Z");
        v.put("goVersion", "go1.23.4");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    private ObjectNode apiVersions(String serverAddress) {
        ObjectNode doc = json.createObjectNode();
        doc.put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        ObjectNode cidr = doc.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return doc;
    }

    private ObjectNode groupList() {
        ObjectNode doc = json.createObjectNode();
        doc.put("kind", "APIGroupList");
        doc.put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        groupVersions().forEach((groupVersion, group) -> {
            ObjectNode g = groups.addObject();
            g.put("name", group);
            ObjectNode version = json.createObjectNode().put("groupVersion", groupVersion).put("version", "v1");
            g.putArray("versions").add(version);
            g.set("preferredVersion", version.deepCopy());
        });
        return doc;
    }

    private ObjectNode resourceList(String groupVersion) {
        ObjectNode doc = json.createObjectNode();
        doc.put("kind", "APIResourceList");
        doc.put("apiVersion", "v1");
        doc.put("groupVersion", groupVersion);
        ArrayNode resources = doc.putArray("resources");
        RESOURCES.stream().filter(r -> r.groupVersion().equals(groupVersion)).forEach(r -> {
            ObjectNode node = resources.addObject();
            node.put("name", r.name());
            node.put("singularName", r.singularName());
            node.put("namespaced", r.namespaced());
            node.put("kind", r.kind());
            ArrayNode verbs = node.putArray("verbs");
            ALL_VERBS.forEach(verbs::add);
            if (!r.shortNames().isEmpty()) {
                ArrayNode shortNames = node.putArray("shortNames");
                r.shortNames().forEach(shortNames::add);
            }
            if (r.categoryAll()) {
                node.putArray("categories").add("all");
            }
        });
        return doc;
    }

    /** groupVersion → group name, for every non-core group, in a stable order. */
    private static Map<String, String> groupVersions() {
        return RESOURCES.stream()
                .filter(r -> !r.group().isEmpty())
                .collect(Collectors.toMap(ApiResource::groupVersion, ApiResource::group, (a, b) -> a,
                        LinkedHashMap::new));
    }
}
