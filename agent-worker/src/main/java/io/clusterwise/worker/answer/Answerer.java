package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.Finding;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.state.ClusterView;
import io.clusterwise.worker.context.AnswerContext;
import io.clusterwise.worker.context.ContextBuilder;
import io.clusterwise.worker.ollama.LastAnswer;
import io.clusterwise.worker.ollama.ModelStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers one question: findings and grounded context from the window, then the model's streamed answer, or a
 * findings-only answer that says why. The final reply is always sent before the answer deadline, measured from when
 * the question was sent (see QuestionListener). How it ended (from the model, or why not) goes to {@link LastAnswer}.
 */
class Answerer {

    private static final Logger log = LoggerFactory.getLogger(Answerer.class);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(1);

    private final ClusterView view;
    private final ContextBuilder contexts;
    private final ModelStream model;
    private final ReplySender sender;
    private final LastAnswer outcomes;
    private final Duration deadline;
    private final Clock clock;
    private final AnswerIds answerIds;

    Answerer(ClusterView view, ContextBuilder contexts, ModelStream model, ReplySender sender, LastAnswer outcomes,
             Duration deadline, Clock clock, AnswerIds answerIds) {
        this.view = view;
        this.contexts = contexts;
        this.model = model;
        this.sender = sender;
        this.outcomes = outcomes;
        this.deadline = deadline;
        this.clock = clock;
        this.answerIds = answerIds;
    }

    /**
     * Answers the question on the calling thread; returns once the final reply has been sent.
     *
     * @return completes when Kafka has the final reply (or gave up on it): then the question is done
     */
    CompletableFuture<Void> answer(ChatQuestion question, ReplyTarget target, Instant askedAt) {
        ClusterView.Snapshot snapshot = view.forAnswer();
        List<Finding> findings = snapshot.incidents().stream().map(Incident::finding).toList();
        AnswerContext context = contexts.build(question.question(), question.history(), snapshot.evidence(),
                findings);
        AnswerSession session = new AnswerSession(question, target, sender, context, model.model(),
                answerIds.next());
        Instant giveUpAt = askedAt.plus(deadline).minus(margin());
        if (!clock.instant().isBefore(giveUpAt)) {
            session.completeWithFindings("every answer slot was busy until the answer deadline of " + deadline
                    + " passed (raise clusterwise.worker.max-concurrent-answers)");
            return session.sent();
        }
        log.debug("question {}: {} findings, {} evidence lines (~{} prompt tokens), {} omitted",
                question.questionId(), context.findings().size(), context.evidence().size(),
                context.prompt().estimatedTokens(), context.omittedEvidence());

        CompletableFuture<Void> ended = new CompletableFuture<>();
        ModelStream.Cancellable call = model.stream(context.prompt(), new ModelStream.Listener() {
            @Override
            public void onPiece(String text) {
                session.chunk(text);
            }

            @Override
            public void onDone(String fullText) {
                if (session.completeWithModel(fullText)) {
                    outcomes.answered(clock.instant());
                    log.info("question {} answered by {} in {} ms", question.questionId(), model.model(),
                            Duration.between(askedAt, clock.instant()).toMillis());
                }
                ended.complete(null);
            }

            @Override
            public void onFailure(String notice) {
                if (session.completeWithFindings(notice)) {
                    outcomes.failed(notice);
                    log.warn("question {} answered findings-only: {}", question.questionId(), notice);
                }
                ended.complete(null);
            }
        });
        awaitUntil(ended, giveUpAt);
        String late = "the model did not finish within " + deadline + " (clusterwise.worker.answer-deadline)";
        if (session.completeWithFindings(late)) {
            outcomes.failed(late);
            log.warn("question {} answered findings-only: the model did not finish within {}",
                    question.questionId(), deadline);
            call.cancel();
        }
        return session.sent();
    }

    private void awaitUntil(CompletableFuture<Void> ended, Instant giveUpAt) {
        long waitMillis = Math.max(0, Duration.between(clock.instant(), giveUpAt).toMillis());
        try {
            ended.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the deadline's findings-only reply follows
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.error("answering failed unexpectedly", e.getCause());
        }
    }

    /** The final reply leaves this much before the deadline: a tenth of it, at most a second. */
    private Duration margin() {
        Duration tenth = deadline.dividedBy(10);
        return tenth.compareTo(MAX_MARGIN) < 0 ? tenth : MAX_MARGIN;
    }
}
