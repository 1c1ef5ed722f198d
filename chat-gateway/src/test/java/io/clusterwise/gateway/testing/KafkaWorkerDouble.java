package io.clusterwise.gateway.testing;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.DiagnoseReply;
import io.clusterwise.contracts.DiagnoseRequest;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeDeserializer;
import io.clusterwise.contracts.EnvelopeSerializer;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.ModelStatus;
import io.clusterwise.contracts.Payload;
import io.clusterwise.contracts.ReplyHeaders;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Plays the agent-worker with a real Kafka consumer and producer: reads questions and diagnose requests from
 * {@code agent.questions} (all partitions, from the end at creation) and writes replies, insights and model status
 * where the test says.
 */
public final class KafkaWorkerDouble implements AutoCloseable {

    private final KafkaConsumer<String, Envelope<Payload>> questions;
    private final KafkaProducer<String, Envelope<?>> producer;
    private final Map<String, ConsumerRecord<String, Envelope<Payload>>> seenByCorrelationId = new HashMap<>();
    /** Diagnose requests read but not yet taken by {@link #awaitDiagnoseRequest}, in the order read. */
    private final List<ConsumerRecord<String, Envelope<Payload>>> untakenDiagnoseRequests = new ArrayList<>();
    private final String bootstrapServers;

    public KafkaWorkerDouble(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        questions = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new EnvelopeDeserializer());
        List<TopicPartition> partitions = IntStream.range(0, Topic.AGENT_QUESTIONS.partitions())
                .mapToObj(p -> new TopicPartition(Topic.AGENT_QUESTIONS.topicName(), p))
                .toList();
        questions.assign(partitions);
        questions.seekToEnd(partitions);
        partitions.forEach(questions::position); // resolve now: every question sent from here on is read
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EnvelopeSerializer());
    }

    /** The question record the gateway sent for {@code questionId} (its correlation id header). */
    public ConsumerRecord<String, Envelope<Payload>> awaitQuestion(String questionId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!seenByCorrelationId.containsKey(questionId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no question with correlation id " + questionId + " on agent.questions within "
                        + timeout);
            }
            pollQuestions();
        }
        return seenByCorrelationId.get(questionId);
    }

    /**
     * The first diagnose request for {@code namespace} (null: the whole cluster) not taken yet; each is taken once.
     */
    public ConsumerRecord<String, Envelope<Payload>> awaitDiagnoseRequest(String namespace, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            for (Iterator<ConsumerRecord<String, Envelope<Payload>>> it = untakenDiagnoseRequests.iterator();
                 it.hasNext(); ) {
                ConsumerRecord<String, Envelope<Payload>> record = it.next();
                if (Objects.equals(((DiagnoseRequest) record.value().data()).namespace(), namespace)) {
                    it.remove();
                    return record;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no diagnose request for " + (namespace == null ? "the whole cluster"
                        : "namespace " + namespace) + " on agent.questions within " + timeout);
            }
            pollQuestions();
        }
    }

    /** Answers a diagnose request as the worker does: on the partition its headers name, correlation id copied. */
    public void answerDiagnose(ConsumerRecord<String, Envelope<Payload>> request, DiagnoseReply reply) {
        int partition = ReplyHeaders.partition(request.headers())
                .orElseThrow(() -> new AssertionError("the diagnose request has no reply partition header"));
        replyDiagnose(partition, ReplyHeaders.string(request.headers(), ReplyHeaders.CORRELATION_ID)
                .orElseThrow(() -> new AssertionError("the diagnose request has no correlation id")), reply);
    }

    /** A diagnose reply to the given partition of agent.replies, with the correlation id given. */
    public void replyDiagnose(int partition, String correlationId, DiagnoseReply reply) {
        String key = reply.namespace() == null ? "*" : reply.namespace();
        ProducerRecord<String, Envelope<?>> record = new ProducerRecord<>(Topic.AGENT_REPLIES.topicName(), partition,
                key, Envelope.of("local", key, reply));
        record.headers().add(ReplyHeaders.CORRELATION_ID, ReplyHeaders.encodeString(correlationId));
        send(record);
    }

    /** A worker's model status on agent.models, keyed by its workerId as the worker writes it. */
    public void publishModelStatus(ModelStatus status) {
        send(new ProducerRecord<>(Topic.AGENT_MODELS.topicName(), status.workerId(),
                Envelope.of("local", status.workerId(), status)));
    }

    /** The tombstone a worker writes on agent.models when it stops cleanly. */
    public void tombstoneModelStatus(String workerId) {
        send(new ProducerRecord<>(Topic.AGENT_MODELS.topicName(), workerId, null));
    }

    private void pollQuestions() {
        for (ConsumerRecord<String, Envelope<Payload>> record : questions.poll(Duration.ofMillis(200))) {
            ReplyHeaders.string(record.headers(), ReplyHeaders.CORRELATION_ID)
                    .ifPresent(id -> seenByCorrelationId.put(id, record));
            if (record.value() != null && record.value().data() instanceof DiagnoseRequest) {
                untakenDiagnoseRequests.add(record);
            }
        }
    }

    /** A reply as the worker sends it: to the given partition of agent.replies, with the correlation id copied. */
    public void reply(int partition, String correlationId, ChatReply reply) {
        ProducerRecord<String, Envelope<?>> record = new ProducerRecord<>(Topic.AGENT_REPLIES.topicName(), partition,
                reply.conversationId(), Envelope.of("local", reply.conversationId(), reply));
        record.headers().add(ReplyHeaders.CORRELATION_ID, ReplyHeaders.encodeString(correlationId));
        send(record);
    }

    /** An insight on agent.insights, with the Kafka record timestamp given (the gateway's lookback reads it). */
    public void publishInsight(int partition, Instant recordTime, Insight insight) {
        send(new ProducerRecord<>(Topic.AGENT_INSIGHTS.topicName(), partition, recordTime.toEpochMilli(),
                insight.fingerprint(), Envelope.of("local", insight.fingerprint(), insight.detectedAt(), insight)));
    }

    /**
     * Every record on {@code agent.suppressions} with this key, read from the beginning, once at least {@code count}
     * are there (a tombstone has a null value).
     */
    public List<ConsumerRecord<String, Envelope<Payload>>> awaitSuppressionRecords(String key, int count,
                                                                                   Duration timeout) {
        try (KafkaConsumer<String, Envelope<Payload>> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new EnvelopeDeserializer())) {
            TopicPartition partition = new TopicPartition(Topic.AGENT_SUPPRESSIONS.topicName(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, Envelope<Payload>>> found = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(found.size() + " of " + count + " records with key " + key
                            + " on agent.suppressions within " + timeout);
                }
                for (ConsumerRecord<String, Envelope<Payload>> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    private void send(ProducerRecord<String, Envelope<?>> record) {
        try {
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + record.topic() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        questions.close();
        producer.close();
    }
}
