package io.clusterwise.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Read-only RBAC: no wildcards, never Secrets or ConfigMaps; every rule on a kind is get/list/watch only; the only
 * subresource is {@code pods/log}, and only with {@code get}. The platform's manifest tests and the reliability
 * suite's whole-system checks ({@link ApiAccess}) hold roles to these rules.
 */
public final class RbacRules {

    public static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    public static final Set<String> FORBIDDEN_RESOURCES = Set.of("secrets", "configmaps");
    /**
     * The subresources a reader may have, each with the verbs it may have on it. Everything else is refused: some
     * read-looking grants run code (historically {@code get pods/exec} over a websocket, {@code get nodes/proxy}).
     */
    public static final Map<String, Set<String>> ALLOWED_SUBRESOURCES = Map.of("pods/log", Set.of("get"));

    private RbacRules() {
    }

    /** Every way {@code role} (a Role or ClusterRole) breaks the rules above, each naming the role; empty if none. */
    public static List<String> violations(Manifest role) {
        List<String> out = new ArrayList<>();
        List<Manifest> rules = role.children("rules");
        if (role.at("aggregationRule").isPresent()) {
            out.add(role + ": aggregationRule would pull in other roles' rules");
        }
        for (Manifest rule : rules) {
            Set<String> verbs = new TreeSet<>();
            rule.list("verbs").forEach(v -> verbs.add(String.valueOf(v)));
            for (Object resource : rule.list("resources")) {
                String name = String.valueOf(resource);
                String base = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
                if (name.contains("*")) {
                    out.add(role + ": resource wildcard '" + name + "'");
                } else if (FORBIDDEN_RESOURCES.contains(base)) {
                    out.add(role + ": must not grant access to " + name);
                } else if (name.contains("/")) {
                    Set<String> allowed = ALLOWED_SUBRESOURCES.get(name);
                    if (allowed == null) {
                        out.add(role + ": subresource '" + name + "' is not one of " + ALLOWED_SUBRESOURCES.keySet());
                    } else {
                        verbs.stream().filter(v -> !allowed.contains(v)).forEach(v -> out.add(
                                role + ": verb '" + v + "' on " + name + " (only " + allowed + ")"));
                    }
                } else {
                    verbs.stream().filter(v -> !READ_VERBS.contains(v)).forEach(v -> out.add(
                            role + ": verb '" + v + "' on " + name + " is not one of " + READ_VERBS));
                }
            }
            if (rule.list("apiGroups").contains("*")) {
                out.add(role + ": apiGroups wildcard");
            }
            if (!rule.list("nonResourceURLs").isEmpty()) {
                out.add(role + ": nonResourceURLs " + rule.list("nonResourceURLs"));
            }
        }
        return out;
    }

    /** "group/resource" ("" = core) to the verbs the role grants on it, over all its rules. */
    public static Map<String, Set<String>> grants(Manifest role) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Manifest rule : role.children("rules")) {
            for (Object group : rule.list("apiGroups")) {
                for (Object resource : rule.list("resources")) {
                    Set<String> verbs = out.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>());
                    rule.list("verbs").forEach(v -> verbs.add(String.valueOf(v)));
                }
            }
        }
        return out;
    }
}
