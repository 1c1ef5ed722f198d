package io.clusterwise.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Container logs, diagnose request/reply and model status: their topics and their JSON. */
class ParityRecordsWireTest {

    private static final Instant T = Instant.parse("2026-12-06T04:00:00Z");
    private static final ObjectRef POD = new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9", "uid-pod-1");

    private final EnvelopeSerializer serializer = new EnvelopeSerializer();
    private final EnvelopeDeserializer deserializer = new EnvelopeDeserializer();

    private Payload roundTrip(Topic topic, Payload payload) {
        return deserializer.deserialize(topic.topicName(),
                serializer.serialize(topic.topicName(), Envelope.of("kind-dev", "k", T, payload))).data();
    }

    @Test
    void shouldRoundTripContainerLogOnClusterLogsWhenLinesArePresent() {
        ContainerLog log = new ContainerLog(POD, "app", 7, "Error", 1,
                List.of("Exception in thread \"main\" java.lang.IllegalStateException: DB_URL not set",
                        "\tat greeter.Main.main(Main.java:12)"), true, T);

        assertThat(roundTrip(Topic.CLUSTER_LOGS, log)).isEqualTo(log);
        assertThat(log.text()).contains("DB_URL not set\n\tat greeter.Main");
        assertThat(Topic.CLUSTER_LOGS.compacted()).isFalse();
        assertThat(Topic.CLUSTER_LOGS.retention()).isLessThanOrEqualTo(java.time.Duration.ofDays(1));
    }

    @Test
    void shouldCarryDiagnoseRequestsWithQuestionsAndRepliesWithReplies() {
        DiagnoseRequest request = new DiagnoseRequest("r-1", "demo", T);
        IncidentReport incident = new IncidentReport("crash-loop", Severity.CRITICAL, "demo", "Deployment", "greeter",
                "CrashLoopBackOff", 12, T.minusSeconds(600), T, "greeter is crash-looping",
                List.of(new IncidentReport.Line("Pod/demo/greeter-1", "BackOff", "Back-off restarting", T)),
                "CrashLoopBackOff:Deployment/demo/greeter", 1, List.of("Pod/demo/greeter-1"));
        DiagnoseReply reply = new DiagnoseReply("r-1", "demo", true, List.of("default", "demo"), List.of(incident), T);

        assertThat(roundTrip(Topic.AGENT_QUESTIONS, request)).isEqualTo(request);
        assertThat(roundTrip(Topic.AGENT_REPLIES, reply)).isEqualTo(reply);
        assertThatThrownBy(() -> roundTrip(Topic.AGENT_REPLIES, request)).hasMessageContaining("does not belong");
    }

    @Test
    void shouldWriteEveryIncidentFieldWhenSomeAreNull() {
        IncidentReport node = new IncidentReport("node-not-ready", Severity.CRITICAL, null, "Node", "worker-2",
                "NodeNotReady", 1, T, T, "worker-2 is NotReady", List.of(new IncidentReport.Line("Node/worker-2",
                "NodeNotReady", "kubelet stopped posting status", null)), null, 1, List.of());

        JsonNode json = WireJson.mapper().valueToTree(node);

        assertThat(json.has("namespace")).isTrue();
        assertThat(json.get("namespace").isNull()).isTrue();
        assertThat(json.get("severity").asText()).isEqualTo("critical");
        assertThat(json.get("firstSeen").asText()).isEqualTo("2026-12-06T04:00:00Z");
        assertThat(json.at("/evidence/0").has("time")).isTrue();
        assertThat(node.identity()).isEqualTo("NodeNotReady:Node/null/worker-2");
    }

    @Test
    void shouldTreatBlankNamespaceAsWholeClusterWhenDiagnoseIsRequested() {
        assertThat(new DiagnoseRequest("r", "  ", T).namespace()).isNull();
        assertThatThrownBy(() -> new DiagnoseRequest(null, "demo", T)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldRoundTripModelStatusOnCompactedModelsTopic() {
        ModelStatus status = new ModelStatus("worker-a", "http://ollama:11434", "mistral",
                ModelStatus.State.NOT_PULLED, List.of(new ModelStatus.Available("llama3.1:latest", 4_900_000_000L, T)),
                false, null, "model mistral is not pulled", "ollama pull mistral", T, null);

        assertThat(roundTrip(Topic.AGENT_MODELS, status)).isEqualTo(status);
        assertThat(status.usable()).isFalse();
        assertThat(Topic.AGENT_MODELS.compacted()).isTrue();
    }
}
