package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Takes questions from {@code agent.questions} (one consumer group, so each question is answered once) and hands
 * each to the {@link AnswerPool}. A record that is not a question goes to {@code agent.questions-dlt}.
 */
class QuestionListener {

    static final String GROUP = "clusterwise-agent-worker";
    private static final Logger log = LoggerFactory.getLogger(QuestionListener.class);

    private final AnswerPool pool;
    private final Answerer answerer;
    private final Clock clock;
    private final Duration staleAfter;

    /** @param staleAfter questions older than this (by record timestamp) are skipped, e.g. after a long outage */
    QuestionListener(AnswerPool pool, Answerer answerer, Clock clock, Duration staleAfter) {
        this.pool = pool;
        this.answerer = answerer;
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    @KafkaListener(topics = "#{T(io.clusterwise.contracts.Topic).AGENT_QUESTIONS.topicName()}", groupId = GROUP)
    void onQuestion(ConsumerRecord<String, Envelope<Payload>> record) throws InterruptedException {
        Instant receivedAt = clock.instant();
        if (record.value() == null) {
            return; // a tombstone: nothing to answer
        }
        if (Duration.between(Instant.ofEpochMilli(record.timestamp()), receivedAt).compareTo(staleAfter) > 0) {
            // a stale question is skipped, not answered: its deadline has long passed
            log.info("skipping question {}-{}@{} asked more than {} ago: whoever asked has stopped waiting",
                    record.topic(), record.partition(), record.offset(), staleAfter);
            return;
        }
        if (!(record.value().data() instanceof ChatQuestion question)) {
            throw new IllegalArgumentException("not a question: " + record.value().type());
        }
        if (question.questionId() == null || question.conversationId() == null) {
            throw new IllegalArgumentException("a question needs a questionId and a conversationId");
        }
        ReplyTarget target = ReplyTarget.of(record.headers(), question.questionId(), question.conversationId());
        if (!target.complete()) {
            log.warn("question {} lacks reply headers ({}, {}, {}); replying on {}", question.questionId(),
                    "kafka_replyTopic", "kafka_replyPartition", "kafka_correlationId", target);
        }
        Instant askedAt = askedAt(record.timestamp(), receivedAt);
        pool.submit(() -> answerer.answer(question, target, askedAt));
    }

    /**
     * When the answer deadline starts: the question's record timestamp (when the gateway sent it), so time spent
     * waiting in Kafka counts; the time of receipt when that timestamp is in the future or implausibly old (clock skew).
     */
    private Instant askedAt(long recordTimestamp, Instant receivedAt) {
        Instant sent = Instant.ofEpochMilli(recordTimestamp);
        boolean plausible = !sent.isAfter(receivedAt) && !sent.isBefore(receivedAt.minus(staleAfter));
        return plausible ? sent : receivedAt;
    }
}
