package io.clusterwise.reliability;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Topic;
import io.clusterwise.testsupport.chat.SseChat;
import io.clusterwise.testsupport.ollama.RecordedChat;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #8 point 6: secrets placed where a cluster leaks them (container env, command and args, probe headers,
 * annotations, Event messages, termination messages, a container's log, ConfigMap and Secret data) must not appear in
 * any record of any topic — DLTs and compacted topics included — after the whole stack watched them, answered a chat
 * question and announced its insights; nor in what the worker sent the model. Raw text is scanned: a secret is found
 * wherever it is, whatever the record's shape.
 */
class SecretScanTest {

    private static final String NS = "demo";
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One seeded secret: where it was put, and the text that must appear nowhere. */
    record Seeded(String where, String secret) {
    }

    private static final String PEM_BODY = "MIIEowIBAAKCAQEAr3l1ab1l1tyS3cr3tK3yB0dyQ2x5Zm9yY2x1c3Rlcndpc2V0ZXN0";
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n"
            + "Y2x1c3Rlcndpc2UtcmVsaWFiaWxpdHktc2VjcmV0LXNjYW4tcGVtLWJsb2Nr\n-----END RSA PRIVATE KEY-----\n";

    /** Every seeded secret (the greeter's log is the simulated cluster's own: a database URL with its password). */
    private static final List<Seeded> SECRETS = List.of(
            new Seeded("pod env value DB_PASSWORD", "Env-Pa55word-7d41c9"),
            new Seeded("pod env value AWS_ACCESS_KEY_ID", "AKIARELIAB1LITY7Q2ZX"),
            new Seeded("pod env value AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYRELIAB1LITY"),
            new Seeded("pod command, --password=", "Cmd-Pa55word-0b3e77"),
            new Seeded("pod args, value after --github-token", githubToken("Args")),
            new Seeded("pod args, database URL", "Url-Pa55word-51c2aa"),
            new Seeded("pod args, JSON password", "Json-Pa55word-e9d013"),
            new Seeded("pod liveness probe header X-Api-Key", "probe-api-key-4f1d9c8b7a6e5d4c3b2a"),
            new Seeded("pod annotation example.com/api-token", "annotation-token-8c7b6a5948372615"),
            new Seeded("pod annotation holding a PEM private key", PEM_BODY),
            new Seeded("pod annotation, Authorization: Bearer JWT", jwt("annotation")),
            new Seeded("pod termination message, database URL", "Term-Pa55word-a17f3e"),
            new Seeded("deployment env value SLACK_BOT_TOKEN", "xoxb-2041-reliability-bot-token-55aa"),
            new Seeded("deployment pod template annotation, Slack token", "xoxp-3052-reliability-user-token-66bb"),
            new Seeded("deployment args, GitLab token", "glpat-R3liab1lityGitLabT0ken99"),
            new Seeded("event message password=", "Event-Pa55word-c4d2e1"),
            new Seeded("event message Authorization: Bearer JWT", jwt("event")),
            new Seeded("event message GitHub token", githubToken("Event")),
            new Seeded("event message AWS access key id", "AKIAEVENTK3Y9W8V7U6T"),
            new Seeded("event message aws_secret_access_key=", "Ev3ntAwsS3cretAcc3ssK3yReliab1lityTest"),
            new Seeded("event message YAML-style MYSQL_ROOT_PASSWORD:", "Yaml-Pa55word-99f0ab"),
            new Seeded("ConfigMap data (ingest does not watch ConfigMaps)", "ConfigMap-Pa55word-3e3e3e"),
            new Seeded("Secret data (ingest does not watch Secrets)", "Secret-Object-Value-4a4a4a"),
            new Seeded("greeter's previous log (postgres URL)", "hunter2-prod-secret"));

    private static ReliabilityStack stack;
    private static ConfigurableApplicationContext gateway;
    private static final List<HasMetadata> watched = new ArrayList<>();
    /** The seeded Events' UIDs as ingest publishes them. */
    private static final List<String> eventUids = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
        try (KubernetesClient kube = stack.kube()) {
            seed(kube);
        }
        gateway = stack.startServices();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldFindNoSeededSecretOnAnyTopicOrInAnyPromptWhenTheWholeStackRan() {
        stack.ollama().reply("vault-client ", "crash-loops [E1]");
        awaitEverythingSeededWasPublished();
        await().atMost(WAIT).untilAsserted(() -> {
            SseChat.Answer answer = ReliabilityStack.chat(gateway).ask("why is vault-client failing in demo?",
                    Duration.ofSeconds(30));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.complete()).isPresent();
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(stack.topics().committed(Topic.AGENT_INSIGHTS))
                .as("insights announced").isNotEmpty());

        TopicScan topics = stack.topics();
        Set<String> names = topics.topicNames();
        Map<String, Integer> scanned = new TreeMap<>();
        List<String> leaks = new ArrayList<>();
        for (String topic : names) {
            List<TopicScan.Read> reads = topics.all(topic);
            scanned.put(topic, reads.size());
            for (TopicScan.Read read : reads) {
                String text = read.key() + "\n" + read.text();
                SECRETS.stream().filter(s -> text.contains(s.secret())).forEach(s -> leaks.add(
                        s.where() + " -> " + topic + "[" + read.partition() + "]@" + read.offset()));
            }
        }
        List<RecordedChat> prompts = stack.ollama().chatRequests();
        for (RecordedChat prompt : prompts) {
            SECRETS.stream().filter(s -> prompt.allContent().contains(s.secret()))
                    .forEach(s -> leaks.add(s.where() + " -> a prompt sent to the model"));
        }

        int records = scanned.values().stream().mapToInt(Integer::intValue).sum();
        Figures.record("SecretScanTest", SECRETS.size() + " secrets seeded in the cluster",
                "topics scanned %d (%s), records %d, prompts %d, leaks %d%s".formatted(names.size(), scanned, records,
                        prompts.size(), leaks.size(), leaks.isEmpty() ? "" : " " + leaks));
        assertThat(names).as("the topics scanned").contains(Topic.CLUSTER_EVENTS.topicName(),
                Topic.CLUSTER_STATE.topicName(), Topic.CLUSTER_LOGS.topicName(), Topic.AGENT_QUESTIONS.topicName(),
                Topic.AGENT_REPLIES.topicName(), Topic.AGENT_INSIGHTS.topicName(), Topic.AGENT_EPISODES.topicName());
        assertThat(prompts).as("the model was asked (answer and insight explanations)").isNotEmpty();
        assertThat(leaks).as("seeded secrets found in records (where seeded -> topic[partition]@offset)").isEmpty();
    }

    /** Each placement reached a topic: otherwise a clean scan would prove nothing about it. */
    private static void awaitEverythingSeededWasPublished() {
        await().atMost(WAIT).untilAsserted(() -> {
            TopicScan topics = stack.topics();
            List<String> snapshotUids = topics.committed(Topic.CLUSTER_STATE).stream()
                    .flatMap(r -> r.envelope().stream())
                    .map(e -> e.data() instanceof ObjectSnapshot s ? s.object().uid() : null).toList();
            assertThat(snapshotUids).as("snapshots of the seeded pod and deployment")
                    .containsAll(watched.stream().map(o -> o.getMetadata().getUid()).toList());
            List<ClusterEvent> facts = topics.committed(Topic.CLUSTER_EVENTS).stream()
                    .flatMap(r -> r.envelope().stream())
                    .map(e -> e.data() instanceof ClusterEvent f ? f : null).filter(f -> f != null).toList();
            assertThat(facts).extracting(ClusterEvent::eventUid).as("the seeded Events")
                    .containsAll(eventUids);
            assertThat(facts).as("vault-client's crash loop (with its termination message)").anySatisfy(f -> {
                assertThat(f.origin()).isEqualTo(ClusterEvent.Origin.POD_STATUS);
                assertThat(f.involvedObject().name()).isEqualTo("vault-client");
            });
            assertThat(topics.committed(Topic.CLUSTER_LOGS)).as("the greeter's log was shipped")
                    .anySatisfy(r -> assertThat(r.envelope()).hasValueSatisfying(e ->
                            assertThat(((ContainerLog) e.data()).container()).isEqualTo("greeter")));
        });
    }

    private static void seed(KubernetesClient kube) {
        String now = Instant.now().toString();
        Pod pod = new PodBuilder()
                .withNewMetadata().withNamespace(NS).withName("vault-client").addToLabels("app", "vault-client")
                .addToAnnotations("example.com/api-token", secret("pod annotation example.com/api-token"))
                .addToAnnotations("example.com/signing", PEM)
                .addToAnnotations("example.com/runbook", "call the hook with Authorization: Bearer "
                        + secret("pod annotation, Authorization: Bearer JWT"))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example/vault-client:1.4")
                .withCommand("sh", "-c", "exec /app --password=" + secret("pod command, --password=") + " --listen :8080")
                .withArgs("--github-token", secret("pod args, value after --github-token"),
                        "--db-url=postgres://app:" + secret("pod args, database URL") + "@db.demo.svc:5432/app",
                        "--config-json={\"user\":\"app\",\"password\":\"" + secret("pod args, JSON password") + "\"}")
                .addNewEnv().withName("DB_PASSWORD").withValue(secret("pod env value DB_PASSWORD")).endEnv()
                .addNewEnv().withName("AWS_ACCESS_KEY_ID").withValue(secret("pod env value AWS_ACCESS_KEY_ID")).endEnv()
                .addNewEnv().withName("AWS_SECRET_ACCESS_KEY")
                .withValue(secret("pod env value AWS_SECRET_ACCESS_KEY")).endEnv()
                .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withNewPort(8080)
                .addNewHttpHeader().withName("X-Api-Key").withValue(secret("pod liveness probe header X-Api-Key"))
                .endHttpHeader().endHttpGet().endLivenessProbe()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("app").withImage("registry.example/vault-client:1.4")
                .withReady(false).withRestartCount(4)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container=app pod=vault-client").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withMessage("fatal: cannot connect to postgres://app:" + secret("pod termination message, database URL")
                        + "@db.demo.svc:5432/app")
                .withStartedAt(now).withFinishedAt(now).endTerminated().endLastState()
                .endContainerStatus().endStatus()
                .build();
        Pod storedPod = kube.pods().inNamespace(NS).resource(pod).create();
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withNamespace(NS).withName("billing").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "billing").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "billing")
                .addToAnnotations("example.com/alerts", "post alerts to Slack as "
                        + secret("deployment pod template annotation, Slack token"))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("billing").withImage("registry.example/billing:2.0")
                .withArgs("--source=https://gitlab.example/billing.git", "--gitlab-auth=" + secret("deployment args, GitLab token"))
                .addNewEnv().withName("SLACK_BOT_TOKEN").withValue(secret("deployment env value SLACK_BOT_TOKEN")).endEnv()
                .endContainer().endSpec().endTemplate().endSpec()
                .build();
        Deployment storedDeployment = kube.apps().deployments().inNamespace(NS).resource(deployment).create();
        watched.add(storedPod);
        watched.add(storedDeployment);

        eventUids.add(event(kube, storedPod, "FailedLogin", "Warning",
                "registry login failed for user admin: password=" + secret("event message password=")));
        eventUids.add(event(kube, storedPod, "WebhookDenied", "Warning",
                "POST /hooks denied; Authorization: Bearer " + secret("event message Authorization: Bearer JWT")));
        eventUids.add(event(kube, storedPod, "Pulled", "Normal",
                "pulled sources with " + secret("event message GitHub token")));
        eventUids.add(event(kube, storedPod, "AssumedRole", "Normal",
                "assumed role with " + secret("event message AWS access key id") + ", aws_secret_access_key="
                        + secret("event message aws_secret_access_key=")));
        eventUids.add(event(kube, storedPod, "ConfigError", "Warning",
                "invalid config: MYSQL_ROOT_PASSWORD: " + secret("event message YAML-style MYSQL_ROOT_PASSWORD:")));

        kube.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("billing-config")
                .endMetadata().addToData("application.properties", "spring.datasource.password="
                        + secret("ConfigMap data (ingest does not watch ConfigMaps)")).build()).create();
        kube.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("billing-db")
                .endMetadata().addToStringData("password", secret("Secret data (ingest does not watch Secrets)"))
                .addToData("token", Base64.getEncoder().encodeToString(
                        secret("Secret data (ingest does not watch Secrets)").getBytes(StandardCharsets.UTF_8)))
                .build()).create();
    }

    /** Creates a core/v1 Event about {@code pod}; returns its UID as ingest publishes it. */
    private static String event(KubernetesClient kube, Pod pod, String reason, String type, String message) {
        Event created = kube.v1().events().inNamespace(NS).resource(PodEvents.warning(NS,
                        "vault-client." + reason.toLowerCase(), pod.getMetadata().getName(),
                        pod.getMetadata().getUid(), Instant.now())
                .withReason(reason).withType(type).withMessage(message).build()).create();
        return created.getMetadata().getUid(); // the simulated events.k8s.io/v1 twin keeps it, as a real API does
    }

    private static String secret(String where) {
        return SECRETS.stream().filter(s -> s.where().equals(where)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no seeded secret for " + where)).secret();
    }

    /** A JWT-shaped token (header, payload, signature) whose payload names where it was put. */
    private static String jwt(String subject) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                + url.encodeToString(("{\"sub\":\"reliability-" + subject + "\",\"iat\":1765000000}")
                .getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(("signature-of-" + subject + "-0123456789").getBytes(StandardCharsets.UTF_8));
    }

    /** A GitHub personal access token shape: ghp_ and 36 letters and digits. */
    private static String githubToken(String tag) {
        String body = ("R3liab1lity" + tag + "T0ken0123456789abcdefghijklmnopqrstuvwxyz");
        return "ghp_" + body.substring(0, 36);
    }
}
