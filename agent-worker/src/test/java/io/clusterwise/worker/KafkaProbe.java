package io.clusterwise.worker;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.DiagnoseRequest;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.ReplyHeaders;
import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.WireJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** A test's own Kafka clients: a raw producer (so it can also send poison) and readers of whole topics. */
final class KafkaProbe implements AutoCloseable {

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    /** A started single-node KRaft broker that supports transactions (the worker's episodes need them). */
    static org.springframework.kafka.test.EmbeddedKafkaKraftBroker broker() {
        org.springframework.kafka.test.EmbeddedKafkaKraftBroker broker =
                new org.springframework.kafka.test.EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        return broker;
    }

    KafkaProbe(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    void publishEvent(ClusterEvent event) {
        send(new ProducerRecord<>(Topic.CLUSTER_EVENTS.topicName(), event.involvedObject().uid(),
                WireJson.write(Envelope.of("it", event.involvedObject().path(), event))));
    }

    /** Publishes an object's snapshot on cluster.state as ingest does: key = the object's UID. */
    void publishSnapshot(io.clusterwise.contracts.ObjectSnapshot snapshot) {
        send(new ProducerRecord<>(Topic.CLUSTER_STATE.topicName(), snapshot.object().uid(),
                WireJson.write(Envelope.of("it", snapshot.object().path(), snapshot))));
    }

    /** Publishes a record as is, e.g. a suppression or a tombstone (null value). */
    void publish(String topic, String key, io.clusterwise.contracts.Payload payload) {
        byte[] value = payload == null ? null : WireJson.write(Envelope.of("it", key, payload));
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Asks like the gateway does: key = conversationId, reply headers naming agent.replies and a partition. */
    ChatQuestion ask(String text, Integer replyPartition) {
        return ask(new ChatQuestion(UUID.randomUUID().toString(), "conv-" + UUID.randomUUID(), text, Instant.now()),
                replyPartition);
    }

    ChatQuestion ask(ChatQuestion q, Integer replyPartition) {
        askAt(q, replyPartition);
        return q;
    }

    /** Asks like {@link #ask(ChatQuestion, Integer)}; returns where the question landed on agent.questions. */
    RecordMetadata askAt(ChatQuestion q, Integer replyPartition) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.AGENT_QUESTIONS.topicName(),
                q.conversationId(), WireJson.write(Envelope.of("it", q.conversationId(), q)));
        if (replyPartition != null) {
            replyTo(record, q.questionId(), replyPartition);
        }
        return send(record);
    }

    /** Asks for a diagnosis like the gateway does: key = namespace or "*", the chat questions' reply headers. */
    DiagnoseRequest diagnose(String namespace, int replyPartition) {
        return diagnose(namespace, replyPartition, Instant.now());
    }

    /** A diagnose request whose record says it was sent at {@code sentAt} (e.g. long ago). */
    DiagnoseRequest diagnose(String namespace, int replyPartition, Instant sentAt) {
        DiagnoseRequest request = new DiagnoseRequest(UUID.randomUUID().toString(), namespace, sentAt);
        String key = namespace == null ? "*" : namespace;
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.AGENT_QUESTIONS.topicName(), null,
                sentAt.toEpochMilli(), key, WireJson.write(Envelope.of("it", key, request)));
        send(replyTo(record, request.requestId(), replyPartition));
        return request;
    }

    private static ProducerRecord<String, byte[]> replyTo(ProducerRecord<String, byte[]> record, String id,
                                                          int replyPartition) {
        record.headers().add(ReplyHeaders.CORRELATION_ID, ReplyHeaders.encodeString(id))
                .add(ReplyHeaders.REPLY_TOPIC, ReplyHeaders.encodeString(Topic.AGENT_REPLIES.topicName()))
                .add(ReplyHeaders.REPLY_PARTITION, ReplyHeaders.encodePartition(replyPartition));
        return record;
    }

    RecordMetadata sendRaw(String topic, int partition, byte[] value) {
        return send(new ProducerRecord<>(topic, partition, "poison", value));
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + record.topic(), e);
        }
    }

    /** Reads every partition of a topic from the beginning; call {@link Reader#poll()} to collect what arrived. */
    Reader reader(String topic, int partitions) {
        return new Reader(bootstrap, topic, partitions);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        Reader(String bootstrap, String topic, int partitions) {
            // read_committed: insights and episodes are written in transactions
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed"), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
        }

        /** Everything read so far, after one more poll. */
        synchronized List<ConsumerRecord<String, byte[]>> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return List.copyOf(records);
        }

        /** The record's envelope; null for a tombstone. */
        static Envelope<Payload> envelope(ConsumerRecord<String, byte[]> record) {
            if (record.value() == null) {
                return null;
            }
            return WireJson.read(Topic.fromName(record.topic()).orElseThrow(), record.value());
        }

        @Override
        public synchronized void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
