package io.clusterwise.worker.answer;

import io.clusterwise.contracts.ChatQuestion;
import io.clusterwise.contracts.ChatReply;
import io.clusterwise.contracts.Evidence;
import io.clusterwise.worker.context.AnswerContext;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replies of one question: chunks numbered from 0, then exactly one {@code Complete}, after which nothing more is
 * sent. Chunks come from the model's thread, the deadline's Complete from another: the lock keeps them in order.
 */
final class AnswerSession {

    private static final Pattern CITATION = Pattern.compile("\\[(E\\d+)]");

    private final ChatQuestion question;
    private final ReplyTarget target;
    private final ReplySender sender;
    private final AnswerContext context;
    private final String model;
    private int seq;
    private boolean completed;

    AnswerSession(ChatQuestion question, ReplyTarget target, ReplySender sender, AnswerContext context, String model) {
        this.question = question;
        this.target = target;
        this.sender = sender;
        this.context = context;
        this.model = model;
    }

    synchronized void chunk(String text) {
        if (completed || text == null || text.isEmpty()) {
            return;
        }
        sender.send(target, new ChatReply.Chunk(question.questionId(), question.conversationId(), seq++, text));
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
        sender.send(target, new ChatReply.Complete(question.questionId(), question.conversationId(), answer, mode,
                model, notice, context.findings(), cited(answer)));
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
