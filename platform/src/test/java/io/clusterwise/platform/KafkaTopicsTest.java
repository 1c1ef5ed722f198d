package io.clusterwise.platform;

import io.clusterwise.contracts.Topic;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The KafkaTopics are exactly contracts' {@link Topic}s (and their dead-letter topics), so the two cannot drift. */
class KafkaTopicsTest {

    private final List<Manifest> topics = Repo.base().ofKind("KafkaTopic");

    @Test
    void shouldDeclareEveryContractTopicWithItsPartitionsAndConfigsWhenComparedWithTopicEnum() {
        for (Topic topic : Topic.values()) {
            Manifest manifest = topicNamed(topic.topicName());
            assertThat(manifest.string("spec", "partitions")).as("%s partitions", topic.topicName())
                    .contains(Integer.toString(topic.partitions()));
            assertThat(configs(manifest)).as("%s config (Topic.configs())", topic.topicName())
                    .isEqualTo(topic.configs());
        }
    }

    @Test
    void shouldDeclareADeadLetterTopicWithAsManyPartitionsWhenTheTopicIsRead() {
        for (Topic topic : Topic.values()) {
            List<Manifest> dlt = topics.stream().filter(t -> topicName(t).equals(topic.deadLetterTopicName())).toList();
            if (topic.hasDeadLetter()) {
                assertThat(dlt).as("dead-letter topic of %s", topic.topicName()).hasSize(1);
                // the recoverer publishes to the same partition number as the failed record's
                assertThat(dlt.get(0).string("spec", "partitions")).contains(Integer.toString(topic.partitions()));
                assertThat(dlt.get(0).string("spec", "config", "cleanup.policy")).contains("delete");
            } else {
                assertThat(dlt).as("%s carries no records, so no dead-letter topic", topic.topicName()).isEmpty();
            }
        }
    }

    @Test
    void shouldDeclareNoTopicThatContractsDoNotKnowWhenListingAllKafkaTopics() {
        Set<String> expected = expectedTopicNames();
        Set<String> declared = topics.stream().map(KafkaTopicsTest::topicName).collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).isEqualTo(expected);
        assertThat(topics).allSatisfy(t -> assertThat(t.string("metadata", "labels", "strimzi.io/cluster"))
                .as("%s belongs to the Kafka cluster", t).contains(Repo.KAFKA_CLUSTER));
    }

    @Test
    void shouldCompactExactlyTheTopicsContractsCompactWhenReadingCleanupPolicies() {
        Set<String> compacted = topics.stream()
                .filter(t -> t.string("spec", "config", "cleanup.policy").orElse("").equals("compact"))
                .map(KafkaTopicsTest::topicName)
                .collect(Collectors.toSet());
        // latest value per key: object snapshots, episodes, mutes and each worker's model status
        assertThat(compacted).containsExactlyInAnyOrder("cluster.state", "agent.episodes", "agent.suppressions",
                "agent.models");
        assertThat(compacted).isEqualTo(Arrays.stream(Topic.values()).filter(Topic::compacted).map(Topic::topicName)
                .collect(Collectors.toSet()));
    }

    /** contracts' topics and the dead-letter topics of those that are read. */
    static Set<String> expectedTopicNames() {
        Set<String> names = new TreeSet<>();
        Arrays.stream(Topic.values()).forEach(t -> {
            names.add(t.topicName());
            if (t.hasDeadLetter()) {
                names.add(t.deadLetterTopicName());
            }
        });
        return names;
    }

    static String topicName(Manifest kafkaTopic) {
        return kafkaTopic.string("spec", "topicName").orElse(kafkaTopic.name());
    }

    private Manifest topicNamed(String name) {
        List<Manifest> found = topics.stream().filter(t -> topicName(t).equals(name)).toList();
        assertThat(found).as("KafkaTopic for %s", name).hasSize(1);
        return found.get(0);
    }

    private static Map<String, String> configs(Manifest topic) {
        Map<String, String> out = new LinkedHashMap<>();
        topic.map("spec", "config").forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
