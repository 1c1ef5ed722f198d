package io.clusterwise.worker.context;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Finding;

import java.util.List;

/**
 * The part of the window that bears on a question, in the order it should be shown.
 *
 * @param findings the relevant findings, most urgent first
 * @param events   the relevant events in order: the findings' evidence first, then Warnings before Normals, newest
 *                 first; only the first {@link EvidenceSelector#MAX_ORDERED} (more never fit a prompt)
 * @param relevant how many events were relevant in all
 * @param scope    how the events were chosen, for the logs
 */
record Selection(List<Finding> findings, List<ClusterEvent> events, int relevant, String scope) {
}
