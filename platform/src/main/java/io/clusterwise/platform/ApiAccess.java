package io.clusterwise.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who can reach the Kubernetes API, and with what, as the manifests say: whether a workload's pods mount a
 * ServiceAccount token, and which Roles and ClusterRoles are bound to a ServiceAccount. Read together with
 * {@link RbacRules}, which says what a role may grant.
 */
public final class ApiAccess {

    /** The ServiceAccount pods run as when their spec names none. */
    public static final String DEFAULT_SERVICE_ACCOUNT = "default";

    /**
     * One binding of a role to a subject.
     *
     * @param binding  the RoleBinding or ClusterRoleBinding
     * @param roleKind {@code Role} or {@code ClusterRole}, from its {@code roleRef}
     * @param roleName the role's name, from its {@code roleRef}
     * @param role     the role among the manifests; empty when it is not one of them (a built-in such as
     *                 {@code cluster-admin}, or a typo): its rules cannot be checked
     */
    public record Binding(Manifest binding, String roleKind, String roleName, Optional<Manifest> role) {
    }

    private ApiAccess() {
    }

    /** The ServiceAccount a workload's pods run as. */
    public static String serviceAccount(Manifest workload) {
        return workload.podSpec().flatMap(spec -> spec.string("serviceAccountName")).orElse(DEFAULT_SERVICE_ACCOUNT);
    }

    /**
     * Whether the pod gets a ServiceAccount token: the pod's automountServiceAccountToken, else its ServiceAccount's,
     * else true (Kubernetes' default).
     */
    public static boolean mountsToken(Manifest workload, Manifests all) {
        Manifest spec = workload.podSpec().orElseThrow(() -> new ManifestException(workload + ": no pod spec"));
        Optional<String> own = spec.string("automountServiceAccountToken");
        if (own.isPresent()) {
            return Boolean.parseBoolean(own.get());
        }
        return all.find("ServiceAccount", serviceAccount(workload))
                .flatMap(sa -> sa.string("automountServiceAccountToken"))
                .map(Boolean::parseBoolean)
                .orElse(true);
    }

    /**
     * Every RoleBinding and ClusterRoleBinding among {@code all} with ServiceAccount {@code name} of
     * {@code namespace} among its subjects, with the role it binds. A subject or binding without a namespace (the
     * manifests as written, before kustomize sets it) matches any namespace.
     */
    public static List<Binding> bindingsOf(String namespace, String name, Manifests all) {
        List<Binding> out = new ArrayList<>();
        for (Manifest binding : all.ofKind("RoleBinding", "ClusterRoleBinding")) {
            boolean bound = binding.children("subjects").stream().anyMatch(s ->
                    s.string("kind").filter("ServiceAccount"::equals).isPresent()
                            && s.string("name").filter(name::equals).isPresent()
                            && sameNamespace(s.string("namespace").orElse(binding.namespace()), namespace));
            if (bound) {
                String kind = binding.string("roleRef", "kind").orElse("");
                String roleName = binding.string("roleRef", "name").orElse("");
                Optional<Manifest> role = all.ofKind(kind).stream()
                        .filter(r -> r.name().equals(roleName))
                        .filter(r -> !kind.equals("Role") || sameNamespace(r.namespace(), binding.namespace()))
                        .findFirst();
                out.add(new Binding(binding, kind, roleName, role));
            }
        }
        return out;
    }

    private static boolean sameNamespace(String a, String b) {
        return a.isEmpty() || b.isEmpty() || a.equals(b);
    }
}
