package io.clusterwise.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NewRecordsWireTest {

    private static final Instant T = Instant.parse("2026-11-25T10:15:30Z");
    private static final ObjectRef DEPLOYMENT = new ObjectRef("Deployment", "demo", "greeter", "uid-dep");
    private static final ObjectRef POD = new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9", "uid-pod-1");

    private final EnvelopeSerializer serializer = new EnvelopeSerializer();
    private final EnvelopeDeserializer deserializer = new EnvelopeDeserializer();

    private Envelope<?> roundTrip(Topic topic, Envelope<?> envelope) {
        return deserializer.deserialize(topic.topicName(), serializer.serialize(topic.topicName(), envelope));
    }

    @Test
    void shouldRoundTripSnapshotWithItsManifestOnClusterState() {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("apiVersion", "v1").put("kind", "Pod");
        manifest.putObject("status").putArray("containerStatuses").addObject().put("restartCount", 9);
        Envelope<ObjectSnapshot> envelope = Envelope.of("kind-dev", POD.path(), T,
                new ObjectSnapshot(POD, List.of(DEPLOYMENT), "48213", T, manifest));

        Envelope<?> read = roundTrip(Topic.CLUSTER_STATE, envelope);

        assertThat(read).isEqualTo(envelope);
        assertThat(((ObjectSnapshot) read.data()).manifest().at("/status/containerStatuses/0/restartCount").asInt())
                .isEqualTo(9);
    }

    @Test
    void shouldRoundTripEpisodeAndSuppressionOnTheirTopics() {
        Episode episode = new Episode("CrashLoopBackOff:Deployment/demo/greeter:3f9a1c", Episode.State.OPEN,
                Insight.Transition.OPENED, "crashloop", "CrashLoopBackOff", Severity.CRITICAL,
                "greeter is crash-looping", DEPLOYMENT, List.of(POD), 12, 1, T, T.plusSeconds(90), T, 1);
        Suppression mute = new Suppression("s-1", null, "CrashLoopBackOff:Deployment/demo/*", "known, fixing",
                "alice", T, T.plusSeconds(3600));

        assertThat(roundTrip(Topic.AGENT_EPISODES, Envelope.of("kind-dev", episode.fingerprint(), T, episode)).data())
                .isEqualTo(episode);
        assertThat(roundTrip(Topic.AGENT_SUPPRESSIONS, Envelope.of("kind-dev", "s-1", T, mute)).data())
                .isEqualTo(mute);
    }

    @Test
    void shouldRefuseSnapshotWhenReadFromEventsTopic() {
        ObjectSnapshot snapshot = new ObjectSnapshot(POD, List.of(), "1", T, JsonNodeFactory.instance.objectNode());
        byte[] bytes = serializer.serialize("cluster.state", Envelope.of("kind-dev", POD.path(), T, snapshot));

        assertThatThrownBy(() -> deserializer.deserialize("cluster.events", bytes))
                .isInstanceOf(WireFormatException.class);
    }

    @Test
    void shouldCarryHistoryWhenQuestionContinuesAConversation() {
        ChatQuestion question = new ChatQuestion("q-2", "conv-1", "and how do I fix it?", T, List.of(
                new ChatQuestion.Turn(ChatQuestion.Role.USER, "why is greeter failing?"),
                new ChatQuestion.Turn(ChatQuestion.Role.ASSISTANT, "It runs out of memory [E1].")));

        byte[] bytes = serializer.serialize("agent.questions", Envelope.of("kind-dev", "conv-1", T, question));

        assertThat(deserializer.deserialize("agent.questions", bytes).data()).isEqualTo(question);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"role\":\"USER\"");
    }

    @Test
    void shouldReadQuestionWithoutHistoryWhenSentByAnOlderGateway() {
        String json = """
                {"schemaVersion":1,"id":"e-1","time":"2026-11-25T10:15:30Z","source":"kind-dev",
                 "type":"io.clusterwise.chat.question","subject":"conv-1",
                 "data":{"questionId":"q-1","conversationId":"conv-1","question":"why?","askedAt":"2026-11-25T10:15:30Z"}}
                """;

        Envelope<?> read = deserializer.deserialize("agent.questions", json.getBytes(StandardCharsets.UTF_8));

        assertThat(((ChatQuestion) read.data()).history()).isEmpty();
    }

    @Test
    void shouldCarryTheAnswerIdWhenRepliesRoundTrip() {
        ChatReply.Chunk chunk = new ChatReply.Chunk("q-1", "conv-1", 0, "The pod ", "worker-a/0f3c9a1e-7");
        ChatReply.Complete complete = new ChatReply.Complete("q-1", "conv-1", "The pod crashes.",
                ChatReply.AnswerMode.MODEL, "mistral", null, List.of(), List.of(), "worker-a/0f3c9a1e-7");

        byte[] bytes = serializer.serialize("agent.replies", Envelope.of("kind-dev", "conv-1", T, chunk));

        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"answerId\":\"worker-a/0f3c9a1e-7\"");
        assertThat(roundTrip(Topic.AGENT_REPLIES, Envelope.of("kind-dev", "conv-1", T, chunk)).data())
                .isEqualTo(chunk);
        assertThat(((ChatReply) roundTrip(Topic.AGENT_REPLIES, Envelope.of("kind-dev", "conv-1", T, complete))
                .data()).answerId()).isEqualTo("worker-a/0f3c9a1e-7");
    }

    @Test
    void shouldReadRepliesWithoutAnAnswerIdWhenSentByAnOlderWorker() {
        String chunk = """
                {"schemaVersion":1,"id":"e-1","time":"2026-11-25T10:15:30Z","source":"kind-dev",
                 "type":"io.clusterwise.chat.reply.chunk","subject":"conv-1",
                 "data":{"questionId":"q-1","conversationId":"conv-1","seq":0,"text":"The pod "}}
                """;
        String complete = """
                {"schemaVersion":1,"id":"e-2","time":"2026-11-25T10:15:31Z","source":"kind-dev",
                 "type":"io.clusterwise.chat.reply.complete","subject":"conv-1",
                 "data":{"questionId":"q-1","conversationId":"conv-1","answer":"The pod crashes.","mode":"MODEL"}}
                """;

        Envelope<?> readChunk = deserializer.deserialize("agent.replies", chunk.getBytes(StandardCharsets.UTF_8));
        Envelope<?> readComplete = deserializer.deserialize("agent.replies",
                complete.getBytes(StandardCharsets.UTF_8));

        assertThat(readChunk.data()).isEqualTo(new ChatReply.Chunk("q-1", "conv-1", 0, "The pod "));
        assertThat(((ChatReply) readChunk.data()).answerId()).isNull();
        assertThat(readComplete.data()).isEqualTo(new ChatReply.Complete("q-1", "conv-1", "The pod crashes.",
                ChatReply.AnswerMode.MODEL, null, null, List.of(), List.of()));
    }

    @Test
    void shouldMatchSuppressionByFingerprintOrGlobUntilItExpires() {
        Suppression exact = new Suppression("s-1", "OOMKilled:Deployment/demo/api:aa", null, null, null, T,
                T.plusSeconds(60));
        Suppression glob = new Suppression("s-2", null, "*:Deployment/staging/*", null, null, T, T.plusSeconds(60));

        assertThat(exact.matches("OOMKilled:Deployment/demo/api:aa", T)).isTrue();
        assertThat(exact.matches("OOMKilled:Deployment/demo/api:bb", T)).isFalse();
        assertThat(exact.matches("OOMKilled:Deployment/demo/api:aa", T.plusSeconds(60))).isFalse();
        assertThat(glob.matches("CrashLoopBackOff:Deployment/staging/web:01", T)).isTrue();
        assertThat(glob.matches("CrashLoopBackOff:Deployment/prod/web:01", T)).isFalse();
        assertThat(new Suppression("s-3", null, "a.b", null, null, T, T.plusSeconds(1)).matches("axb", T))
                .as("glob characters other than * are literal").isFalse();
    }

    @Test
    void shouldRefuseSuppressionWhenItNamesBothOrNeither() {
        assertThatThrownBy(() -> new Suppression("s", "fp", "fp*", null, null, T, T))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Suppression("s", null, " ", null, null, T, T))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCompactStateEpisodesAndSuppressionsWhenTopicsAreCreated() {
        assertThat(Topic.CLUSTER_STATE.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topic.AGENT_EPISODES.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topic.AGENT_SUPPRESSIONS.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topic.CLUSTER_EVENTS.configs()).containsEntry("cleanup.policy", "delete");
        assertThat(Topics.newTopics((short) 1)).extracting(t -> t.name())
                .contains("cluster.state", "cluster.state-dlt", "ingest.leader")
                .doesNotContain("ingest.leader-dlt");
    }
}
