package io.clusterwise.devstack.kafka;

import io.clusterwise.contracts.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class LocalBrokerTest {

    @Test
    void shouldCreateEveryContractsTopicWithItsPartitionsWhenStarted() throws Exception {
        try (LocalBroker broker = LocalBroker.start(0);
             Admin admin = admin(broker)) {
            Map<String, TopicDescription> topics = admin.describeTopics(expectedTopics().keySet())
                    .allTopicNames().get(30, TimeUnit.SECONDS);

            expectedTopics().forEach((name, partitions) ->
                    assertThat(topics.get(name).partitions()).as(name).hasSize(partitions));
        }
    }

    @Test
    void shouldServeClientsOnTheGivenPortWhenPortIsFixed() throws Exception {
        int port = freePort();
        try (LocalBroker broker = LocalBroker.start(port);
             Admin admin = admin(broker)) {
            assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
            assertThat(broker.port()).isEqualTo(port);

            // clients that bootstrap on the fixed port are told to stay on it
            Set<Integer> advertised = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(Node::port).collect(Collectors.toSet());
            assertThat(advertised).containsExactly(port);
        }
    }

    private static Map<String, Integer> expectedTopics() {
        return Arrays.stream(Topic.values())
                .flatMap(t -> (t.hasDeadLetter()
                        ? Map.of(t.topicName(), t.partitions(), t.deadLetterTopicName(), t.partitions())
                        : Map.of(t.topicName(), t.partitions())).entrySet().stream())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static Admin admin(LocalBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
