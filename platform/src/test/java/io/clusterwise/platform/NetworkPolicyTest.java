package io.clusterwise.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Default deny, then each part reaches only what it needs. The policies that select a pod are evaluated here
 * (matchLabels and In expressions, which is all the manifests use) and their allowed peers compared per pod.
 */
class NetworkPolicyTest {

    private final Manifests base = Repo.base();
    private final List<Manifest> policies = base.ofKind("NetworkPolicy");

    @Test
    void shouldDenyAllTrafficByDefaultWhenNoOtherPolicySelectsAPod() {
        Manifest deny = base.one("NetworkPolicy", "default-deny-all");
        assertThat(deny.map("spec", "podSelector")).isEmpty();
        assertThat(deny.list("spec", "policyTypes")).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.at("spec", "ingress")).isEmpty();
        assertThat(deny.at("spec", "egress")).isEmpty();
    }

    @Test
    void shouldLetEachServiceReachOnlyDnsKafkaAndItsOwnDependencyWhenEvaluatingEgress() {
        assertThat(egress("ingest-service")).containsExactlyInAnyOrder(
                "kube-dns UDP/53", "kube-dns TCP/53", "kafka TCP/9093", "anywhere TCP/443", "anywhere TCP/6443");
        assertThat(egress("agent-worker")).containsExactlyInAnyOrder(
                "kube-dns UDP/53", "kube-dns TCP/53", "kafka TCP/9093", "ollama TCP/11434");
        assertThat(egress("chat-gateway")).containsExactlyInAnyOrder(
                "kube-dns UDP/53", "kube-dns TCP/53", "kafka TCP/9093");
        assertThat(egress("ollama")).containsExactlyInAnyOrder(
                "kube-dns UDP/53", "kube-dns TCP/53", "anywhere TCP/443");
        // the model-pull hook only asks Ollama (which downloads)
        assertThat(egress(ModelRolloutTest.PULL_JOB)).containsExactlyInAnyOrder(
                "kube-dns UDP/53", "kube-dns TCP/53", "ollama TCP/11434");
    }

    @Test
    void shouldAcceptConnectionsOnlyOnGatewayPort8000AndOllamaFromTheWorkerAndThePullHookWhenEvaluatingIngress() {
        assertThat(ingress("chat-gateway")).containsExactly("anywhere TCP/8000");
        assertThat(ingress("ollama")).containsExactlyInAnyOrder("agent-worker TCP/11434",
                ModelRolloutTest.PULL_JOB + " TCP/11434");
        assertThat(ingress(ModelRolloutTest.PULL_JOB)).isEmpty();
        assertThat(ingress("agent-worker")).isEmpty();
        assertThat(ingress("ingest-service")).isEmpty();
    }

    private Set<String> egress(String app) {
        return allowed(app, "Egress", "egress", "to");
    }

    private Set<String> ingress(String app) {
        return allowed(app, "Ingress", "ingress", "from");
    }

    private Set<String> allowed(String app, String policyType, String rulesKey, String peersKey) {
        Map<String, Object> labels = podLabels(app);
        Set<String> out = new TreeSet<>();
        for (Manifest policy : policies) {
            if (!policy.list("spec", "policyTypes").contains(policyType) || !selects(policy.child("spec", "podSelector")
                    .orElseThrow(), labels)) {
                continue;
            }
            for (Manifest rule : policy.children("spec", rulesKey)) {
                List<Manifest> peers = rule.children(peersKey);
                List<String> names = peers.isEmpty() ? List.of("anywhere") : peers.stream().map(this::peerName).toList();
                List<Manifest> ports = rule.children("ports");
                for (String name : names) {
                    if (ports.isEmpty()) {
                        out.add(name + " all ports");
                    }
                    ports.forEach(p -> out.add(name + " " + p.string("protocol").orElse("TCP") + "/"
                            + p.string("port").orElse("?")));
                }
            }
        }
        return out;
    }

    private String peerName(Manifest peer) {
        Map<String, Object> pods = peer.map("podSelector", "matchLabels");
        if ("kube-dns".equals(pods.get("k8s-app"))
                && "kube-system".equals(peer.map("namespaceSelector", "matchLabels").get("kubernetes.io/metadata.name"))) {
            return "kube-dns";
        }
        if (peer.at("namespaceSelector").isPresent() || peer.at("ipBlock").isPresent()) {
            return "outside " + peer.body();
        }
        if (Repo.KAFKA_CLUSTER.equals(pods.get("strimzi.io/cluster"))) {
            return "kafka";
        }
        return String.valueOf(pods.getOrDefault("app.kubernetes.io/name", peer.body()));
    }

    private Map<String, Object> podLabels(String app) {
        return base.workloads().stream().filter(w -> w.name().equals(app)).findFirst().orElseThrow().podLabels();
    }

    /** matchLabels and {@code In} expressions (what these manifests use); anything else fails loudly. */
    static boolean selects(Manifest selector, Map<String, Object> labels) {
        for (Map.Entry<String, Object> e : selector.map("matchLabels").entrySet()) {
            if (!String.valueOf(e.getValue()).equals(String.valueOf(labels.get(e.getKey())))) {
                return false;
            }
        }
        for (Manifest expression : selector.children("matchExpressions")) {
            String operator = expression.string("operator").orElse("");
            if (!operator.equals("In")) {
                throw new IllegalArgumentException(selector + ": operator " + operator + " not evaluated by this test");
            }
            Object value = labels.get(expression.string("key").orElse(""));
            if (value == null || !expression.list("values").contains(String.valueOf(value))) {
                return false;
            }
        }
        return true;
    }
}
