package io.clusterwise.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeDeserializer;
import io.clusterwise.contracts.EnvelopeSerializer;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * The thinnest possible worker: reads {@code agent.questions}, streams each question to the Ollama double, and relays
 * every NDJSON line as a {@code ChatReply.Chunk} (then one {@code Complete}) to the asking gateway's reply partition
 * with the correlation id — exactly the wire protocol of the real agent-worker, without its analyzers and context
 * building. With it, "through the gateway" minus "straight to the double" is what the gateway and the two Kafka hops
 * add. It calls the double with the benchmark's own blocking client ({@link PlainHttp}), as the clients do: the
 * relay is the harness, not a product, and a heavier HTTP client here would be counted as the gateway's overhead. The
 * real worker's own HTTP client (langchain4j over {@code java.net.http}) is measured in the whole-pipeline part.
 */
final class RelayWorker implements AutoCloseable {

    private final KafkaConsumer<String, Envelope<Payload>> questions;
    private final KafkaProducer<String, Envelope<?>> replies;
    private final ExecutorService answering = Executors.newFixedThreadPool(256, r -> {
        Thread t = new Thread(r, "relay-answer");
        t.setDaemon(true);
        return t;
    });
    private final URI ollamaChat;
    private final Thread poller;
    private final KafkaConsumer<String, byte[]> replyWatch;
    private final Thread watcher;
    private volatile boolean running = true;

    RelayWorker(String bootstrapServers, String ollamaBaseUrl) {
        this.ollamaChat = URI.create(ollamaBaseUrl + "/api/chat");
        questions = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new EnvelopeDeserializer());
        List<TopicPartition> partitions = IntStream.range(0, Topic.AGENT_QUESTIONS.partitions())
                .mapToObj(p -> new TopicPartition(Topic.AGENT_QUESTIONS.topicName(), p)).toList();
        questions.assign(partitions);
        questions.seekToEnd(partitions);
        partitions.forEach(questions::position);
        // the services' producer settings (acks=all, idempotent), and no linger: a reply chunk is waited on
        replies = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new EnvelopeSerializer());
        replyWatch = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        List<TopicPartition> replyPartitions = List.of(new TopicPartition(Topic.AGENT_REPLIES.topicName(), 0));
        replyWatch.assign(replyPartitions);
        replyWatch.seekToEnd(replyPartitions);
        replyPartitions.forEach(replyWatch::position);
        watcher = new Thread(this::watchReplies, "relay-watch");
        watcher.setDaemon(true);
        watcher.start();
        poller = new Thread(this::poll, "relay-poll");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, Envelope<Payload>> record : questions.poll(Duration.ofMillis(100))) {
                Stages.record("relay: question hop (gateway send to relay poll)",
                        (System.currentTimeMillis() - record.timestamp()) * 1_000_000);
                answering.submit(() -> answer(record));
            }
        }
    }

    /** Sees every reply as the gateway's consumer does: the second hop, from the relay's send to receipt. */
    private void watchReplies() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : replyWatch.poll(Duration.ofMillis(100))) {
                Stages.record("relay: reply hop (relay send to a 2nd consumer's poll)",
                        (System.currentTimeMillis() - record.timestamp()) * 1_000_000);
            }
        }
    }

    private void answer(ConsumerRecord<String, Envelope<Payload>> record) {
        if (!(record.value().data() instanceof ChatQuestion question)) {
            return;
        }
        String correlationId = ReplyHeaders.string(record.headers(), ReplyHeaders.CORRELATION_ID).orElseThrow();
        int partition = ReplyHeaders.partition(record.headers()).orElseThrow();
        String body = "{\"model\":\"mistral\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + WireJson.writeString(question.question()) + "}]}";
        StringBuilder answer = new StringBuilder();
        long start = System.nanoTime();
        int[] seq = {0};
        try {
            int status = PlainHttp.post(ollamaChat, body, "application/x-ndjson", Duration.ofSeconds(60),
                    code -> Stages.record("relay: double's response headers", System.nanoTime() - start),
                    line -> {
                        if (seq[0] == 0) {
                            Stages.record("relay: double's first chunk", System.nanoTime() - start);
                        }
                        JsonNode node = WireJson.mapper().readTree(line);
                        String text = node.path("message").path("content").asText("");
                        if (!text.isEmpty()) {
                            answer.append(text);
                            send(partition, correlationId, new ChatReply.Chunk(question.questionId(),
                                    question.conversationId(), seq[0]++, text));
                        }
                        if (node.path("done").asBoolean()) {
                            Stages.record("relay: double's done line", System.nanoTime() - start);
                            return true;
                        }
                        return false;
                    });
            if (status != 200) {
                answer.append(" (relay failed: HTTP ").append(status).append(')');
            }
        } catch (Exception e) {
            answer.append(" (relay failed: ").append(e).append(')');
        }
        send(partition, correlationId, new ChatReply.Complete(question.questionId(), question.conversationId(),
                answer.toString(), ChatReply.AnswerMode.MODEL, "mistral", null, List.of(), List.of()));
    }

    private void send(int partition, String correlationId, ChatReply reply) {
        ProducerRecord<String, Envelope<?>> record = new ProducerRecord<>(Topic.AGENT_REPLIES.topicName(), partition,
                reply.conversationId(), Envelope.of("local", reply.conversationId(), reply));
        record.headers().add(ReplyHeaders.CORRELATION_ID, ReplyHeaders.encodeString(correlationId));
        replies.send(record);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5000);
        watcher.join(5000);
        replyWatch.close();
        answering.shutdownNow();
        questions.close();
        replies.close();
    }
}
