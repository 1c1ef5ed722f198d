package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Evidence;
import io.clusterwise.worker.context.AnswerContext;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replies of one answer to a question: chunks numbered from 0, then exactly one {@code Complete}, after which
 * nothing more is sent, all under one {@code answerId}. Chunks come from the model's thread, the deadline's Complete
 * from another: the lock keeps them in order. {@link #sent()} completes once Kafka has the Complete (or gave up on it).
 */
final class AnswerSession {

    private static final Pattern CITATION = Pattern.compile("\\[(E\\d+)]");

    private final ChatQuestion question;
    private final ReplyTarget target;
    private final ReplySender sender;
    private final AnswerContext context;
    private final String model;
    private final String answerId;
    private final CompletableFuture<Void> sent = new CompletableFuture<>();
    private int seq;
    private boolean completed;

    AnswerSession(ChatQuestion question, ReplyTarget target, ReplySender sender, AnswerContext context, String model,
                  String answerId) {
        this.question = question;
        this.target = target;
        this.sender = sender;
        this.context = context;
        this.model = model;
        this.answerId = answerId;
    }

    /** Completes when the {@code Complete} has been handed to Kafka and Kafka acknowledged it (or gave up). */
    CompletableFuture<Void> sent() {
        return sent;
    }

    synchronized void chunk(String text) {
        if (completed || text == null || text.isEmpty()) {
            return;
        }
        sender.send(target, new ChatReply.Chunk(question.questionId(), question.conversationId(), seq++, text,
                answerId));
    }

    /** @return false when the question had already been completed */
    synchronized boolean completeWithModel(String answer) {
        return complete(answer, ChatReply.AnswerMode.MODEL, null);
    }

    /** @return false when the question had already been completed */
    synchronized boolean completeWithFindings(String notice) {
        return complete(FindingsOnlyAnswer.text(notice, context), ChatReply.AnswerMode.FINDINGS_ONLY, notice);
    }

    synchronized boolean isCompleted() {
        return completed;
    }

    private boolean complete(String answer, ChatReply.AnswerMode mode, String notice) {
        if (completed) {
            return false;
        }
        completed = true;
        try {
            sender.send(target, new ChatReply.Complete(question.questionId(), question.conversationId(), answer, mode,
                    model, notice, context.findings(), cited(answer), answerId))
                    .whenComplete((result, error) -> sent.complete(null));
        } catch (RuntimeException e) {
            sent.complete(null);
            throw e;
        }
        return true;
    }

    /**
     * The evidence the answer cites ([E3]), so the UI shows what it rests on; all of the context's evidence when it
     * cites none (e.g. a findings-only answer citing through its findings, or a model that forgot to cite).
     */
    private List<Evidence> cited(String answer) {
        Set<String> ids = new HashSet<>();
        Matcher m = CITATION.matcher(answer == null ? "" : answer);
        while (m.find()) {
            ids.add(m.group(1));
        }
        List<Evidence> cited = context.evidence().stream().filter(e -> ids.contains(e.id())).toList();
        return cited.isEmpty() ? context.evidence() : cited;
    }
}
