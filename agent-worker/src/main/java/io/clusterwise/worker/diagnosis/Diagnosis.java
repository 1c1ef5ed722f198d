package io.clusterwise.worker.diagnosis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.worker.analysis.Analysis;
import io.clusterwise.worker.analysis.ObjectState;
import io.clusterwise.worker.analysis.Problem;
import io.clusterwise.worker.analysis.StateFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic diagnosis, without Kafka or a model: events and object state in, incidents out. The running
 * worker (answers, insights) and {@code clusterwise diagnose} both use it, so they find the same incidents.
 */
public final class Diagnosis {

    /** A claim may be Pending briefly while it is provisioned; only a longer wait is a problem. */
    static final Duration CLAIM_GRACE = Duration.ofMinutes(2);
    // the scheduler's Event text: "Successfully assigned demo/greeter-abc to worker-1"
    private static final Pattern ASSIGNED = Pattern.compile("^Successfully assigned \\S+ to (\\S+)");

    private final Analysis analysis;
    private final Correlator correlator = new Correlator();

    private Diagnosis(Analysis analysis) {
        this.analysis = analysis;
    }

    public static Diagnosis standard() {
        return new Diagnosis(Analysis.standard());
    }

    /** The incidents in a dump or any other set of events and snapshots, most urgent first. */
    public List<Incident> diagnose(Collection<ClusterEvent> events, Collection<ObjectSnapshot> snapshots,
                                   Instant now) {
        List<ObjectState> states = new ArrayList<>(snapshots.size());
        snapshots.forEach(s -> states.add(StateFacts.of(s)));
        return incidents(events, states, now, false);
    }

    /**
     * The incidents in a window of events (one version per {@code eventUid}) plus already reduced object state, most
     * urgent first. A fact that both name (a pod's status record) is taken from the state: it is the current one.
     */
    public List<Incident> incidents(Collection<ClusterEvent> events, Collection<ObjectState> states, Instant now) {
        return incidents(events, states, now, true);
    }

    /**
     * As {@link #incidents(Collection, Collection, Instant)}, each crash-loop, OOM-kill or failing-probe incident
     * also citing the latest log excerpts (see {@code logs.LogExcerpt}) of its affected pods.
     *
     * @param logExcerpts the latest log excerpt of each container, about its pod (with the pod's UID)
     */
    public List<Incident> incidents(Collection<ClusterEvent> events, Collection<ObjectState> states,
                                    Collection<ClusterEvent> logExcerpts, Instant now) {
        return LogEvidence.attach(incidents(events, states, now, true), logExcerpts);
    }

    private List<Incident> incidents(Collection<ClusterEvent> events, Collection<ObjectState> states, Instant now,
                                     boolean distinctEvents) {
        Instant claimCutoff = now.minus(CLAIM_GRACE);
        Map<String, String> nodeOf = new HashMap<>();
        List<ClusterEvent> facts = new ArrayList<>();
        for (ObjectState s : states) {
            for (ClusterEvent fact : s.facts()) {
                if (!"ClaimPending".equals(fact.reason()) || fact.firstSeen() == null
                        || !fact.firstSeen().isAfter(claimCutoff)) {
                    facts.add(fact);
                }
            }
            if (s.nodeName() != null) {
                nodeOf.put(s.key(), s.nodeName());
            }
        }
        facts.addAll(StateFacts.crossObject(states));
        List<ClusterEvent> input = new ArrayList<>(events.size() + facts.size());
        if (distinctEvents) {
            Set<String> fromState = new HashSet<>();
            facts.forEach(f -> fromState.add(f.eventUid()));
            for (ClusterEvent e : events) {
                if (fromState.isEmpty() || !fromState.contains(e.eventUid())) {
                    input.add(e);
                }
            }
        } else {
            input.addAll(events);
        }
        input.addAll(facts);
        List<Problem> problems = distinctEvents ? analysis.problemsOfDistinct(input) : analysis.problems(input);
        if (Correlator.needsNodes(problems)) {
            podNodesFromEvents(events, nodeOf);
        }
        // owner chains on records stop where ingest's caches did; the state knows the rest (one path for all callers)
        return correlator.incidents(problems, nodeOf, new OwnerChains(states));
    }

    /** Where the state does not say, the scheduler's Event does: "Successfully assigned ns/pod to node". */
    private static void podNodesFromEvents(Collection<ClusterEvent> events, Map<String, String> nodeOf) {
        for (ClusterEvent e : events) {
            if ("Scheduled".equals(e.reason()) && e.origin() == ClusterEvent.Origin.EVENT && e.message() != null
                    && e.involvedObject() != null) {
                Matcher m = ASSIGNED.matcher(e.message());
                if (m.find()) {
                    nodeOf.putIfAbsent(Analysis.objectKey(e.involvedObject()), m.group(1));
                }
            }
        }
    }
}
