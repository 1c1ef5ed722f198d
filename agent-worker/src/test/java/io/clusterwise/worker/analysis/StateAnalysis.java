package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectSnapshot;

import java.util.ArrayList;
import java.util.List;

/** Runs the analyzers over snapshots reduced by {@link StateFacts} (and events), as the worker and diagnose do. */
final class StateAnalysis {

    private StateAnalysis() {
    }

    static List<Finding> findings(List<ClusterEvent> events, ObjectSnapshot... snapshots) {
        List<ObjectState> states = new ArrayList<>();
        for (ObjectSnapshot s : snapshots) {
            states.add(StateFacts.of(s));
        }
        List<ClusterEvent> input = new ArrayList<>(events);
        states.forEach(s -> input.addAll(s.facts()));
        input.addAll(StateFacts.crossObject(states));
        return Analysis.standard().findings(input);
    }

    static List<Finding> findings(ObjectSnapshot... snapshots) {
        return findings(List.of(), snapshots);
    }
}
