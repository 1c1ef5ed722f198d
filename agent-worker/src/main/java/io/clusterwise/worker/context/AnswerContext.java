package io.clusterwise.worker.context;

import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.Finding;

import java.util.List;

/**
 * Everything an answer is grounded on.
 *
 * @param findings        the relevant findings, their {@code evidenceIds} renumbered as the citations below
 * @param evidence        the cited evidence lines, E1 first
 * @param prompt          the messages for the model
 * @param omittedEvidence relevant events left out to fit the model's context window
 * @param windowSize      how many events the window held
 */
public record AnswerContext(List<Finding> findings, List<Evidence> evidence, Prompt prompt, int omittedEvidence,
                            int windowSize) {

    public AnswerContext {
        findings = List.copyOf(findings);
        evidence = List.copyOf(evidence);
    }
}
