package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.DiagnoseRequest;
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
 * Takes questions and diagnose requests from {@code agent.questions} (one consumer group, so each is answered once).
 * A question goes to the {@link AnswerPool}; a diagnose request is answered at once from the current view (no
 * model, no answer slot). Any other record goes to {@code agent.questions-dlt}.
 */
class QuestionListener {

    static final String GROUP = "clusterwise-agent-worker";
    private static final Logger log = LoggerFactory.getLogger(QuestionListener.class);

    private final AnswerPool pool;
    private final Answerer answerer;
    private final DiagnoseResponder diagnoses;
    private final Clock clock;
    private final Duration staleAfter;

    /**
     * @param staleAfter questions and diagnose requests older than this (by record timestamp) are skipped, e.g. after
     *                   a long outage
     */
    QuestionListener(AnswerPool pool, Answerer answerer, DiagnoseResponder diagnoses, Clock clock,
                     Duration staleAfter) {
        this.pool = pool;
        this.answerer = answerer;
        this.diagnoses = diagnoses;
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
            log.info("skipping {} {}-{}@{} asked more than {} ago: whoever asked has stopped waiting",
                    record.value().type(), record.topic(), record.partition(), record.offset(), staleAfter);
            return;
        }
        Payload payload = record.value().data();
        if (payload instanceof ChatQuestion question) {
            answerQuestion(record, question, receivedAt);
        } else if (payload instanceof DiagnoseRequest request) {
            ReplyTarget target = ReplyTarget.of(record.headers(), request.requestId(),
                    request.namespace() == null ? DiagnoseResponder.WHOLE_CLUSTER : request.namespace());
            warnIfIncomplete(target, "diagnose request " + request.requestId());
            diagnoses.answer(request, target);
        } else {
            throw new IllegalArgumentException("not a question: " + record.value().type());
        }
    }

    private void answerQuestion(ConsumerRecord<String, Envelope<Payload>> record, ChatQuestion question,
                                Instant receivedAt) throws InterruptedException {
        if (question.questionId() == null || question.conversationId() == null) {
            throw new IllegalArgumentException("a question needs a questionId and a conversationId");
        }
        ReplyTarget target = ReplyTarget.of(record.headers(), question.questionId(), question.conversationId());
        warnIfIncomplete(target, "question " + question.questionId());
        Instant askedAt = askedAt(record.timestamp(), receivedAt);
        pool.submit(() -> answerer.answer(question, target, askedAt));
    }

    private static void warnIfIncomplete(ReplyTarget target, String what) {
        if (!target.complete()) {
            log.warn("{} lacks reply headers ({}, {}, {}); replying on {}", what, "kafka_replyTopic",
                    "kafka_replyPartition", "kafka_correlationId", target);
        }
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
