package io.clusterwise.worker.answer;

import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.Finding;
import io.clusterwise.worker.context.AnswerContext;
import io.clusterwise.worker.logs.LogExcerpt;

import java.util.List;

import java.util.stream.Collectors;

/**
 * The answer a person gets when the model could not give one: why, then what the analyzers found, then the last log
 * lines of the failing containers that the context cites.
 */
final class FindingsOnlyAnswer {

    private FindingsOnlyAnswer() {
    }

    static String text(String notice, AnswerContext context) {
        StringBuilder b = new StringBuilder();
        b.append("The model was unavailable, so this answer shows only what clusterwise's analyzers found. ")
                .append("Reason: ").append(notice).append(".\n\n");
        if (context.findings().isEmpty()) {
            b.append("No problems were found in the recent events (").append(context.windowSize())
                    .append(context.windowSize() == 1 ? " event" : " events").append(" in the window).");
            return b.toString();
        }
        b.append("Findings:\n");
        for (Finding f : context.findings()) {
            b.append("- [").append(f.severity().name().toLowerCase()).append("] ")
                    .append(f.object().path()).append(": ").append(f.reason())
                    .append(" — ").append(f.summary())
                    .append("; seen ").append(f.count()).append(f.count() == 1 ? " time" : " times")
                    .append(", last at ").append(f.lastSeen());
            if (!f.evidenceIds().isEmpty()) {
                b.append(' ').append(f.evidenceIds().stream().map(id -> "[" + id + "]")
                        .collect(Collectors.joining()));
            }
            b.append('\n');
        }
        List<Evidence> logs = context.evidence().stream().filter(e -> LogExcerpt.REASON.equals(e.reason())).toList();
        if (!logs.isEmpty()) {
            b.append("\nLast log lines:\n");
            for (Evidence e : logs) {
                b.append("[").append(e.id()).append("] ").append(e.object() == null ? "?" : e.object().path())
                        .append(": ").append(e.message().replace("\n", "\n    ")).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }
}
