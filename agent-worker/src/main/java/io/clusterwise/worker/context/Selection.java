package io.clusterwise.worker.context;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Finding;

import java.util.List;

/**
 * The part of the window that bears on a question, in the order it should be shown.
 *
 * @param findings the relevant findings, most urgent first
 * @param events   the relevant events: the findings' evidence first, then Warnings before Normals, newest first
 * @param scope    how the events were chosen, for the logs
 */
record Selection(List<Finding> findings, List<ClusterEvent> events, String scope) {
}
