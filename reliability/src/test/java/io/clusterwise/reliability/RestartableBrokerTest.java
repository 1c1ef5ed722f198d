package io.clusterwise.reliability;

import io.clusterwise.contracts.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RestartableBrokerTest {

    @Test
    void shouldKeepRecordsAndTopicsWhenRestartedOnTheSameLogDirectory() throws Exception {
        try (RestartableBroker broker = RestartableBroker.launch()) {
            send(broker, "before");
            broker.restartAfter(Duration.ofMillis(500));
            send(broker, "after");

            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                TopicPartition p0 = new TopicPartition(Topic.AGENT_QUESTIONS.topicName(), 0);
                consumer.assign(List.of(p0));
                consumer.seekToBeginning(List.of(p0));
                List<String> values = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                    assertThat(values).containsExactly("before", "after");
                });
            }
        }
    }

    private static void send(RestartableBroker broker, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(Topic.AGENT_QUESTIONS.topicName(), 0, "k", value)).get();
        }
    }
}
