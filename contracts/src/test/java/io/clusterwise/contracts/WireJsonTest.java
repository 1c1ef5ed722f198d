package io.clusterwise.contracts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireJsonTest {

    private static final ObjectRef POD = new ObjectRef("Pod", "demo", "greeter-8f2588814d-a31b9", "uid-pod-1");
    private static final Instant T = Instant.parse("2026-11-25T10:15:30Z");

    private final EnvelopeSerializer serializer = new EnvelopeSerializer();
    private final EnvelopeDeserializer deserializer = new EnvelopeDeserializer();

    @Test
    void shouldRoundTripEveryPayloadTypeOnItsTopic() {
        ClusterEvent event = new ClusterEvent("ev-1", ClusterEvent.Origin.EVENT, POD,
                List.of(new ObjectRef("ReplicaSet", "demo", "greeter-8f2588814d", "uid-rs")), "BackOff",
                "Back-off restarting failed container greeter", EventType.Warning, 7, T, T.plusSeconds(60),
                "kubelet", "1234", null);
        Finding finding = new Finding("crashloop", Severity.CRITICAL, POD, "CrashLoopBackOff", "restarting", 7, T, T,
                List.of("E1"));
        Evidence evidence = new Evidence("E1", POD, "BackOff", "Back-off restarting failed container", T);
        List<Envelope<?>> envelopes = List.of(
                Envelope.of("kind-dev", POD.path(), T, event),
                Envelope.of("kind-dev", "conv-1", new ChatQuestion("q-1", "conv-1", "why is greeter failing?", T)),
                Envelope.of("kind-dev", "conv-1", new ChatReply.Chunk("q-1", "conv-1", 0, "The pod ")),
                Envelope.of("kind-dev", "conv-1", new ChatReply.Complete("q-1", "conv-1", "The pod crashes [E1]",
                        ChatReply.AnswerMode.MODEL, "mistral", null, List.of(finding), List.of(evidence))),
                Envelope.of("kind-dev", "fp-1", new Insight("fp-1", Insight.Transition.OPENED, Severity.CRITICAL,
                        "greeter is crash-looping", List.of(POD), List.of(evidence),
                        List.of("kubectl -n demo describe pod greeter-8f2588814d-a31b9"), null, T)));
        List<Topic> topics = List.of(Topic.CLUSTER_EVENTS, Topic.AGENT_QUESTIONS, Topic.AGENT_REPLIES,
                Topic.AGENT_REPLIES, Topic.AGENT_INSIGHTS);

        for (int i = 0; i < envelopes.size(); i++) {
            String topic = topics.get(i).topicName();
            Envelope<?> read = deserializer.deserialize(topic, serializer.serialize(topic, envelopes.get(i)));
            assertThat(read).isEqualTo(envelopes.get(i));
        }
    }

    @Test
    void shouldRoundTripContainerFactsWhenStatusRecordCarriesThem() {
        ClusterEvent status = new ClusterEvent("pod-status/uid-pod-1/greeter", ClusterEvent.Origin.POD_STATUS, POD,
                List.of(), "CrashLoopBackOff", "container greeter is waiting: CrashLoopBackOff; restarts: 9",
                EventType.Warning, 9, T, T, "clusterwise-ingest", "48213",
                new ClusterEvent.ContainerFacts("greeter", "CrashLoopBackOff", "OOMKilled", 137, T, 9, false));
        Envelope<ClusterEvent> envelope = Envelope.of("kind-dev", POD.path(), T, status);

        byte[] bytes = serializer.serialize("cluster.events", envelope);

        assertThat(deserializer.deserialize("cluster.events", bytes)).isEqualTo(envelope);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"container\":{\"name\":\"greeter\","
                + "\"waitingReason\":\"CrashLoopBackOff\",\"lastTerminationReason\":\"OOMKilled\",\"lastExitCode\":137,"
                + "\"lastFinishedAt\":\"2026-11-25T10:15:30Z\",\"restartCount\":9,\"ready\":false}");
    }

    @Test
    void shouldOmitContainerWhenAbsentAndReadRecordsWrittenWithoutIt() {
        ClusterEvent event = new ClusterEvent("ev-1", ClusterEvent.Origin.EVENT, POD, List.of(), "BackOff", "m",
                EventType.Warning, 1, T, T, "kubelet", "1", null);
        String json = WireJson.writeString(Envelope.of("kind-dev", POD.path(), T, event));
        assertThat(json).doesNotContain("\"container\"");

        String older = "{\"schemaVersion\":1,\"id\":\"x\",\"time\":\"2026-11-25T10:15:30Z\",\"source\":\"c\","
                + "\"type\":\"" + PayloadType.CLUSTER_EVENT.tag() + "\",\"subject\":\"Pod/demo/p\",\"data\":{"
                + "\"eventUid\":\"pod-status/u/greeter\",\"origin\":\"POD_STATUS\",\"reason\":\"CrashLoopBackOff\","
                + "\"type\":\"Warning\",\"count\":3,\"someFutureField\":true}}";
        ClusterEvent read = (ClusterEvent) deserializer.deserialize("cluster.events", bytes(older)).data();
        assertThat(read.container()).isNull();
        assertThat(read.count()).isEqualTo(3);
    }

    @Test
    void shouldWriteSeverityInLowerCaseAndTimesAsIsoStrings() {
        String json = WireJson.writeString(new Finding("oom", Severity.WARNING, POD, "OOMKilled", "s", 1, T, T, null));
        assertThat(json).contains("\"severity\":\"warning\"").contains("\"firstSeen\":\"2026-11-25T10:15:30Z\"");
    }

    @Test
    void shouldRejectPayloadOnTopicThatDoesNotCarryIt() {
        Envelope<ChatQuestion> question = Envelope.of("c", "conv", new ChatQuestion("q", "conv", "hi", T));
        assertThatThrownBy(() -> serializer.serialize("cluster.events", question))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("type 'io.clusterwise.chat.question' does not belong on cluster.events");
        byte[] bytes = serializer.serialize("agent.questions", question);
        assertThatThrownBy(() -> deserializer.deserialize("agent.replies", bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("type 'io.clusterwise.chat.question' does not belong on agent.replies");
    }

    @Test
    void shouldNameTheProblemWhenRecordIsNotAnEnvelope() {
        assertThatThrownBy(() -> deserializer.deserialize("agent.questions", bytes("{not json")))
                .isInstanceOf(WireFormatException.class).hasMessageStartingWith("not JSON on agent.questions");
        assertThatThrownBy(() -> deserializer.deserialize("agent.questions", bytes("[1,2]")))
                .isInstanceOf(WireFormatException.class).hasMessage("not a JSON object on agent.questions");
        assertThatThrownBy(() -> deserializer.deserialize("agent.questions",
                bytes("{\"schemaVersion\":99,\"type\":\"io.clusterwise.chat.question\"}")))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("unsupported schemaVersion 99 on agent.questions (this reader knows 1)");
        assertThatThrownBy(() -> deserializer.deserialize("agent.questions",
                bytes("{\"schemaVersion\":1,\"type\":\"io.example.nope\"}")))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("unknown type 'io.example.nope' on agent.questions");
        assertThatThrownBy(() -> deserializer.deserialize("agent.questions",
                bytes("{\"schemaVersion\":1,\"type\":\"io.clusterwise.chat.question\",\"id\":\"x\","
                        + "\"time\":\"2026-11-25T10:15:30Z\",\"source\":\"c\"}")))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("envelope without data on agent.questions");
    }

    @Test
    void shouldReadReplyPartitionHeaderAsSpringKafkaEncodesIt() {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(ReplyHeaders.REPLY_PARTITION, ReplyHeaders.encodePartition(5));
        headers.add(ReplyHeaders.CORRELATION_ID, ReplyHeaders.encodeString("q-9"));
        assertThat(ReplyHeaders.partition(headers)).contains(5);
        assertThat(ReplyHeaders.string(headers, ReplyHeaders.CORRELATION_ID)).contains("q-9");
        assertThat(ReplyHeaders.string(headers, ReplyHeaders.REPLY_TOPIC)).isEmpty();
    }

    @Test
    void shouldGiveEveryReadTopicADeadLetterTopicWithAsManyPartitions() {
        long read = java.util.Arrays.stream(Topic.values()).filter(Topic::hasDeadLetter).count();
        assertThat(Topics.newTopics((short) 1))
                .hasSize((int) (Topic.values().length + read))
                .anySatisfy(t -> {
                    assertThat(t.name()).isEqualTo("agent.questions-dlt");
                    assertThat(t.numPartitions()).isEqualTo(Topic.AGENT_QUESTIONS.partitions());
                });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
