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

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * add.
 */
final class RelayWorker implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final KafkaConsumer<String, Envelope<Payload>> questions;
    private final KafkaProducer<String, Envelope<?>> replies;
    private final ExecutorService answering = Executors.newFixedThreadPool(256, r -> {
        Thread t = new Thread(r, "relay-answer");
        t.setDaemon(true);
        return t;
    });
    private final URI ollamaChat;
    private final Thread poller;
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
        poller = new Thread(this::poll, "relay-poll");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<String, Envelope<Payload>> record : questions.poll(Duration.ofMillis(100))) {
                answering.submit(() -> answer(record));
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
        try {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(ollamaChat)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                int seq = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    JsonNode node = WireJson.mapper().readTree(line);
                    String text = node.path("message").path("content").asText("");
                    if (!text.isEmpty()) {
                        answer.append(text);
                        send(partition, correlationId, new ChatReply.Chunk(question.questionId(),
                                question.conversationId(), seq++, text));
                    }
                    if (node.path("done").asBoolean()) {
                        break;
                    }
                }
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
        answering.shutdownNow();
        questions.close();
        replies.close();
    }
}
