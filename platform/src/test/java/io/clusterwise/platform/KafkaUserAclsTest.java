package io.clusterwise.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One KafkaUser per service, with exactly the rights of the brief's "Kafka identities" table and nothing more.
 */
class KafkaUserAclsTest {

    /** The brief's table: what each service writes and reads, and its group / transactional id prefixes. */
    record Identity(String user, Set<String> writes, Set<String> reads, boolean transactional) {
    }

    static final List<Identity> IDENTITIES = List.of(
            new Identity("clusterwise-ingest-service",
                    Set.of("cluster.events", "cluster.state", "cluster.logs"),
                    Set.of("cluster.state", "cluster.events", "ingest.leader"), true),
            new Identity("clusterwise-agent-worker",
                    Set.of("agent.replies", "agent.insights", "agent.episodes", "agent.models",
                            "agent.questions-dlt", "cluster.events-dlt", "cluster.state-dlt", "agent.episodes-dlt",
                            "agent.suppressions-dlt", "cluster.logs-dlt"),
                    Set.of("agent.questions", "cluster.events", "cluster.state", "agent.episodes", "agent.suppressions",
                            "cluster.logs"),
                    true),
            new Identity("clusterwise-chat-gateway",
                    Set.of("agent.questions", "agent.suppressions", "agent.replies-dlt", "agent.insights-dlt",
                            "agent.suppressions-dlt", "agent.models-dlt"),
                    Set.of("agent.replies", "agent.insights", "agent.suppressions", "agent.models"), false));

    private final Manifests base = Repo.base();

    @Test
    void shouldGrantEachServiceExactlyItsTopicsWhenComparedWithTheIdentityTable() {
        for (Identity identity : IDENTITIES) {
            Manifest user = base.one("KafkaUser", identity.user());
            Map<String, Set<String>> expected = new TreeMap<>();
            identity.reads().forEach(t -> expected.computeIfAbsent(t, k -> new TreeSet<>()).addAll(Set.of("Describe", "Read")));
            identity.writes().forEach(t -> expected.computeIfAbsent(t, k -> new TreeSet<>()).addAll(Set.of("Describe", "Write")));
            assertThat(grants(user, "topic")).as("topic ACLs of %s", identity.user()).isEqualTo(expected);
        }
    }

    @Test
    void shouldGrantOnlyTheServicesOwnGroupAndTransactionalIdPrefixesWhenReadingNonTopicAcls() {
        for (Identity identity : IDENTITIES) {
            Manifest user = base.one("KafkaUser", identity.user());
            assertThat(grants(user, "group")).as("group ACLs of %s", identity.user())
                    .isEqualTo(Map.of(identity.user() + " (prefix)", Set.of("Describe", "Read")));
            assertThat(grants(user, "transactionalId")).as("transactional id ACLs of %s", identity.user())
                    .isEqualTo(identity.transactional()
                            ? Map.of(identity.user() + " (prefix)", Set.of("Describe", "Write"))
                            : Map.of());
        }
    }

    @Test
    void shouldPassTheLeastPrivilegeRulesWhenCheckingEveryKafkaUser() {
        List<Manifest> users = base.ofKind("KafkaUser");
        assertThat(users).extracting(Manifest::name)
                .containsExactlyInAnyOrderElementsOf(IDENTITIES.stream().map(Identity::user).toList());
        for (Manifest user : users) {
            assertThat(AclRules.violations(user, KafkaTopicsTest.expectedTopicNames(), user.name())).isEmpty();
            assertThat(user.string("metadata", "labels", "strimzi.io/cluster")).contains(Repo.KAFKA_CLUSTER);
        }
    }

    @Test
    void shouldReportAllWildcardsAndForeignPrefixesWhenAUserIsTooBroad() {
        Manifest tooBroad = ManifestLoader.loadFile(Repo.fixture("too-broad-kafka-user.yaml")).get(0);

        List<String> violations = AclRules.violations(tooBroad, KafkaTopicsTest.expectedTopicNames(), tooBroad.name());

        assertThat(violations).anyMatch(v -> v.contains("never All"))
                .anyMatch(v -> v.contains("wildcard resource name"))
                .anyMatch(v -> v.contains("topics only by literal name"))
                .anyMatch(v -> v.contains("must start with the service's own prefix"))
                .anyMatch(v -> v.contains("resource type cluster"))
                .anyMatch(v -> v.contains("authentication.type"));
    }

    /** "name (pattern)" or "name" for literal, to the operations granted on it. */
    private static Map<String, Set<String>> grants(Manifest user, String resourceType) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Manifest acl : user.children("spec", "authorization", "acls")) {
            if (!acl.string("resource", "type").orElse("").equals(resourceType)) {
                continue;
            }
            String pattern = acl.string("resource", "patternType").orElse("literal");
            String key = acl.string("resource", "name").orElse("") + (pattern.equals("literal") ? "" : " (" + pattern + ")");
            acl.list("operations").forEach(op -> out.computeIfAbsent(key, k -> new TreeSet<>()).add(String.valueOf(op)));
        }
        return out;
    }
}
