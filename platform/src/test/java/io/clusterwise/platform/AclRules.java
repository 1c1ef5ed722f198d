package io.clusterwise.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Least privilege for a Strimzi KafkaUser: authenticated (SCRAM-SHA-512 or TLS), simple authorization, no
 * {@code All} and no cluster resource, topics only by literal known names, consumer groups and transactional ids
 * only by the user's own prefix.
 */
final class AclRules {

    static final Set<String> AUTHENTICATION = Set.of("scram-sha-512", "tls");

    private AclRules() {
    }

    /**
     * @param knownTopics every topic the platform declares (contracts' topics and their dead-letter topics)
     * @param ownPrefix   the group / transactional id prefix this user may have, e.g. clusterwise-agent-worker
     */
    static List<String> violations(Manifest user, Set<String> knownTopics, String ownPrefix) {
        List<String> out = new ArrayList<>();
        String auth = user.string("spec", "authentication", "type").orElse("none");
        if (!AUTHENTICATION.contains(auth)) {
            out.add(user + ": authentication.type must be one of " + AUTHENTICATION + ", is " + auth);
        }
        if (!user.string("spec", "authorization", "type").equals(java.util.Optional.of("simple"))) {
            out.add(user + ": authorization.type must be simple");
        }
        List<Manifest> acls = user.children("spec", "authorization", "acls");
        if (acls.isEmpty()) {
            out.add(user + ": no ACLs");
        }
        for (Manifest acl : acls) {
            String type = acl.string("resource", "type").orElse("?");
            String name = acl.string("resource", "name").orElse("");
            String pattern = acl.string("resource", "patternType").orElse("literal");
            String where = user.name() + " " + type + " '" + name + "' (" + pattern + ")";
            if (acl.string("type").filter("deny"::equals).isPresent()) {
                continue;
            }
            if (acl.list("operations").contains("All") || acl.at("operation").isPresent()) {
                out.add(where + ": use the operations list, never All (or the removed singular 'operation')");
            }
            if (name.contains("*")) {
                out.add(where + ": wildcard resource name");
            }
            switch (type) {
                case "topic" -> {
                    if (!pattern.equals("literal")) {
                        out.add(where + ": topics only by literal name");
                    } else if (!knownTopics.contains(name)) {
                        out.add(where + ": not a topic the platform declares");
                    }
                }
                case "group", "transactionalId" -> {
                    if (!name.startsWith(ownPrefix)) {
                        out.add(where + ": must start with the service's own prefix " + ownPrefix);
                    }
                }
                default -> out.add(where + ": resource type " + type + " is not needed by any service");
            }
        }
        return out;
    }
}
