package io.clusterwise.gateway.testing;

import io.clusterwise.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Map;

/** A real single-node KRaft broker with clusterwise's topics at their real partition counts. */
public final class TestKafka {

    private TestKafka() {
    }

    /** Started, without auto-created topics (a topic created by a stray metadata request would have 1 partition). */
    public static EmbeddedKafkaKraftBroker startBroker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        return broker;
    }

    public static void createTopics(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Topics.ensureCreated(admin, (short) 1);
        }
    }
}
