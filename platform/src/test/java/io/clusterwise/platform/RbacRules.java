package io.clusterwise.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Read-only RBAC: verbs within get/list/watch, no wildcards, never Secrets or ConfigMaps. */
final class RbacRules {

    static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    static final Set<String> FORBIDDEN_RESOURCES = Set.of("secrets", "configmaps");

    private RbacRules() {
    }

    static List<String> violations(Manifest role) {
        List<String> out = new ArrayList<>();
        List<Manifest> rules = role.children("rules");
        if (role.at("aggregationRule").isPresent()) {
            out.add(role + ": aggregationRule would pull in other roles' rules");
        }
        for (Manifest rule : rules) {
            for (Object verb : rule.list("verbs")) {
                if (!READ_VERBS.contains(String.valueOf(verb))) {
                    out.add(role + ": verb '" + verb + "' is not one of " + READ_VERBS);
                }
            }
            for (Object resource : rule.list("resources")) {
                String name = String.valueOf(resource);
                String base = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
                if (name.contains("*")) {
                    out.add(role + ": resource wildcard '" + name + "'");
                } else if (FORBIDDEN_RESOURCES.contains(base)) {
                    out.add(role + ": must not grant access to " + name);
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
}
