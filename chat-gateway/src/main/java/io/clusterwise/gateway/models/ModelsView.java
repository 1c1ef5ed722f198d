package io.clusterwise.gateway.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clusterwise.contracts.ModelStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The body of {@code GET /api/models}: one verdict for the page's banner, and every worker's own report. The verdict
 * is the best state any fresh report has (the freshest such report gives the other fields): when workers disagree,
 * some answers do come from the model, and {@code workers} shows which do not. With no fresh report the state is
 * {@value #UNKNOWN}.
 *
 * @param state           a {@link ModelStatus.State} name, or {@value #UNKNOWN}
 * @param configuredModel the model the workers ask
 * @param available       the models Ollama has pulled
 * @param loaded          whether the configured model is in memory
 * @param answering       whether its last answer came from the model; null before any
 * @param detail          what is wrong, or null when ready
 * @param action          what to do about it, or null when nothing is needed
 * @param checkedAt       when that report was made
 * @param workers         every fresh report, the freshest first
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelsView(String state, String configuredModel, List<ModelStatus.Available> available, boolean loaded,
                  Boolean answering, String detail, String action, Instant checkedAt, List<ModelStatus> workers) {

    static final String UNKNOWN = "UNKNOWN";
    static final String NO_REPORT = "no agent-worker has reported on its model yet";
    static final String START_A_WORKER = "start an agent-worker (locally: ./clusterwise up), or check that the"
            + " running ones reach Kafka: every worker reports its model on agent.models";

    static ModelsView of(ModelStatusBook.Snapshot snapshot, Duration maxAge) {
        if (snapshot.fresh().isEmpty()) {
            String detail = snapshot.latestStale() == null ? NO_REPORT
                    : "no agent-worker has reported on its model within " + maxAge
                    + " (clusterwise.gateway.model-status-max-age); the latest report is from "
                    + snapshot.latestStale();
            return new ModelsView(UNKNOWN, null, List.of(), false, null, detail, START_A_WORKER, null, List.of());
        }
        // fresh is sorted freshest first, and the sort is stable: the freshest report of the best state
        ModelStatus best = snapshot.fresh().stream()
                .map(ModelStatusBook.Report::status)
                .min(Comparator.comparing(ModelStatus::state))
                .orElseThrow();
        return new ModelsView(best.state().name(), best.configuredModel(), best.available(), best.loaded(),
                best.answering(), best.detail(), best.action(), best.checkedAt(),
                snapshot.fresh().stream().map(ModelStatusBook.Report::status).toList());
    }
}
