package io.clusterwise.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Only ingest-service reads the cluster, read-only, on exactly the kinds its informers watch. */
class RbacTest {

    /** The kinds ingest's informers watch, by API group ("" = core). Keep equal to ingest-service's informers. */
    static final Map<String, Set<String>> WATCHED = Map.of(
            "", Set.of("pods", "nodes", "namespaces", "events", "services", "persistentvolumeclaims"),
            "apps", Set.of("deployments", "replicasets", "statefulsets", "daemonsets"),
            "batch", Set.of("jobs", "cronjobs"),
            "events.k8s.io", Set.of("events"),
            "discovery.k8s.io", Set.of("endpointslices"));

    private final Manifests base = Repo.base();

    @Test
    void shouldGrantReadOnlyAccessToExactlyTheWatchedKindsAndGetOnPodLogsWhenReadingTheClusterRole() {
        List<Manifest> roles = base.ofKind("ClusterRole", "Role");
        assertThat(roles).extracting(Manifest::name).containsExactly("clusterwise-ingest-reader");
        Manifest role = roles.get(0);

        assertThat(RbacRules.violations(role)).isEmpty();
        Map<String, Set<String>> expected = new TreeMap<>();
        WATCHED.forEach((group, kinds) -> kinds.forEach(kind -> expected.put(group + "/" + kind, RbacRules.READ_VERBS)));
        // log evidence: one read of a failed container's last lines, nothing else on the subresource
        expected.put("/pods/log", Set.of("get"));
        assertThat(RbacRules.grants(role)).isEqualTo(expected);
    }

    @Test
    void shouldBindTheReaderRoleOnlyToIngestsServiceAccountWhenListingBindings() {
        List<Manifest> bindings = base.ofKind("ClusterRoleBinding", "RoleBinding");
        assertThat(bindings).hasSize(1);
        Manifest binding = bindings.get(0);
        assertThat(binding.string("roleRef", "name")).contains("clusterwise-ingest-reader");
        assertThat(binding.children("subjects")).singleElement().satisfies(s -> {
            assertThat(s.string("kind")).contains("ServiceAccount");
            assertThat(s.string("name")).contains("ingest-service");
            assertThat(s.string("namespace")).contains(Repo.NAMESPACE);
        });
        assertThat(base.one("Deployment", "ingest-service").podSpec().orElseThrow().string("serviceAccountName"))
                .contains("ingest-service");
        assertThat(ApiAccess.bindingsOf(Repo.NAMESPACE, "ingest-service", base)).singleElement()
                .satisfies(b -> assertThat(b.role()).map(Manifest::name).contains("clusterwise-ingest-reader"));
        assertThat(ApiAccess.bindingsOf(Repo.NAMESPACE, "agent-worker", base)).isEmpty();
    }

    @Test
    void shouldReportWriteVerbsWildcardsAndSecretsWhenARoleGrantsTooMuch() {
        Manifest greedy = ManifestLoader.loadFile(Repo.fixture("greedy-cluster-role.yaml")).get(0);

        List<String> violations = RbacRules.violations(greedy);

        assertThat(violations).anyMatch(v -> v.contains("verb 'delete'"))
                .anyMatch(v -> v.contains("verb '*'"))
                .anyMatch(v -> v.contains("verb 'list' on pods/log"))
                .anyMatch(v -> v.contains("verb 'watch' on pods/log"))
                .anyMatch(v -> v.contains("subresource 'pods/exec'"))
                .anyMatch(v -> v.contains("must not grant access to secrets"))
                .anyMatch(v -> v.contains("must not grant access to configmaps"))
                .anyMatch(v -> v.contains("apiGroups wildcard"));
    }
}
