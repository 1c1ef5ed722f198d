package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.DiagnoseRequest;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.Payload;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Takes questions and diagnose requests from {@code agent.questions} (one consumer group, so each is answered once
 * while its worker lives). A question goes to the {@link AnswerPool}; a diagnose request is answered at once from the
 * current view (no model, no answer slot). Any other record goes to {@code agent.questions-dlt}.
 * <p>
 * Offsets are committed only for what is done ({@link QuestionOffsets}, AckMode MANUAL): a question's offset once its
 * {@code Complete} has been sent, so a question whose worker stops mid-answer is read again by the worker that takes
 * its partition. A question this worker has already answered or is answering is not answered again
 * ({@link AnsweredQuestions}).
 */
class QuestionListener {

    static final String GROUP = "clusterwise-agent-worker";
    /** The question listener's own container factory: manual acknowledgement, its own session timeout. */
    static final String CONTAINER_FACTORY = "questionListenerContainerFactory";
    private static final Logger log = LoggerFactory.getLogger(QuestionListener.class);

    private final AnswerPool pool;
    private final Answerer answerer;
    private final DiagnoseResponder diagnoses;
    private final Clock clock;
    private final Duration staleAfter;
    private final QuestionOffsets offsets;
    private final AnsweredQuestions answered;

    /**
     * @param staleAfter questions and diagnose requests older than this (by record timestamp) are skipped, e.g. after
     *                   a long outage
     */
    QuestionListener(AnswerPool pool, Answerer answerer, DiagnoseResponder diagnoses, Clock clock,
                     Duration staleAfter, QuestionOffsets offsets, AnsweredQuestions answered) {
        this.pool = pool;
        this.answerer = answerer;
        this.diagnoses = diagnoses;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.offsets = offsets;
        this.answered = answered;
    }

    @KafkaListener(topics = "#{T(io.clusterwise.contracts.Topic).AGENT_QUESTIONS.topicName()}", groupId = GROUP,
            containerFactory = CONTAINER_FACTORY)
    void onQuestion(ConsumerRecord<String, Envelope<Payload>> record, Acknowledgment ack)
            throws InterruptedException {
        Instant receivedAt = clock.instant();
        if (record.value() == null) {
            offsets.settled(record, ack); // a tombstone: nothing to answer
            return;
        }
        if (Duration.between(Instant.ofEpochMilli(record.timestamp()), receivedAt).compareTo(staleAfter) > 0) {
            // a stale question is skipped, not answered: its deadline has long passed
            log.info("skipping {} {}-{}@{} asked more than {} ago: whoever asked has stopped waiting",
                    record.value().type(), record.topic(), record.partition(), record.offset(), staleAfter);
            offsets.settled(record, ack);
            return;
        }
        Payload payload = record.value().data();
        if (payload instanceof ChatQuestion question) {
            answerQuestion(record, ack, question, receivedAt);
        } else if (payload instanceof DiagnoseRequest request) {
            ReplyTarget target = ReplyTarget.of(record.headers(), request.requestId(),
                    request.namespace() == null ? DiagnoseResponder.WHOLE_CLUSTER : request.namespace());
            warnIfIncomplete(target, "diagnose request " + request.requestId());
            diagnoses.answer(request, target);
            offsets.settled(record, ack);
        } else {
            throw new IllegalArgumentException("not a question: " + record.value().type());
        }
    }

    private void answerQuestion(ConsumerRecord<String, Envelope<Payload>> record, Acknowledgment ack,
                                ChatQuestion question, Instant receivedAt) throws InterruptedException {
        if (question.questionId() == null || question.conversationId() == null) {
            throw new IllegalArgumentException("a question needs a questionId and a conversationId");
        }
        QuestionOffsets.Ticket ticket = offsets.received(record, ack);
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<?> earlier = answered.answerOnce(question.questionId(), done);
        if (earlier != null) {
            log.info("question {} at {}-{}@{} was read again; this worker {} it, so it is not answered twice",
                    question.questionId(), record.topic(), record.partition(), record.offset(),
                    earlier.isDone() ? "has answered" : "is answering");
            earlier.whenComplete((result, error) -> ticket.settle());
            return;
        }
        done.whenComplete((result, error) -> ticket.settle());
        ReplyTarget target = ReplyTarget.of(record.headers(), question.questionId(), question.conversationId());
        warnIfIncomplete(target, "question " + question.questionId());
        Instant askedAt = askedAt(record.timestamp(), receivedAt);
        try {
            pool.submit(() -> {
                try {
                    answerer.answer(question, target, askedAt).whenComplete((result, error) -> done.complete(null));
                } catch (RuntimeException e) {
                    // an answer that failed before sending its Complete must not hold back the partition's commits
                    done.complete(null);
                    throw e;
                }
            });
        } catch (InterruptedException | RuntimeException e) {
            answered.forget(question.questionId(), done);
            ticket.forget();
            throw e;
        }
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
