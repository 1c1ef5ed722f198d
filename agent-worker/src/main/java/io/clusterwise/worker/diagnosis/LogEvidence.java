package io.clusterwise.worker.diagnosis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.worker.analysis.Analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Adds the last log lines of a failing container to the incident it fails in: for an incident whose reason is about
 * containers ending (crash loop, OOM kill, failing probe), the latest excerpt of each affected pod's containers
 * becomes an example (after the event examples, numbered on) and its id the first of the evidence ids, so the
 * answer's context shows it first. At most {@value #MAX_PER_INCIDENT} excerpts per incident, with distinct message
 * templates: twenty replicas crashing on the same stack trace show it once.
 */
final class LogEvidence {

    /** Incidents whose containers ended in error (a liveness probe's kill is one too). */
    static final Set<String> REASONS = Set.of("CrashLoopBackOff", "OOMKilled", "Unhealthy");
    static final int MAX_PER_INCIDENT = 3;
    private static final Comparator<ClusterEvent> NEWEST_FIRST = Comparator.comparing(Analysis::seen,
            Comparator.nullsLast(Comparator.reverseOrder()));

    private LogEvidence() {
    }

    /** @param excerpts the latest log excerpt of each container, about its pod */
    static List<Incident> attach(List<Incident> incidents, Collection<ClusterEvent> excerpts) {
        if (excerpts.isEmpty() || incidents.isEmpty()) {
            return incidents;
        }
        Map<String, List<ClusterEvent>> byPod = new HashMap<>();
        for (ClusterEvent e : excerpts) {
            if (e.involvedObject() != null && e.involvedObject().uid() != null) {
                byPod.computeIfAbsent(e.involvedObject().uid(), k -> new ArrayList<>()).add(e);
            }
        }
        byPod.values().forEach(l -> l.sort(NEWEST_FIRST));
        List<Incident> out = new ArrayList<>(incidents.size());
        for (Incident i : incidents) {
            out.add(REASONS.contains(i.reason()) ? withLogs(i, byPod) : i);
        }
        return out;
    }

    private static Incident withLogs(Incident i, Map<String, List<ClusterEvent>> byPod) {
        List<ClusterEvent> chosen = new ArrayList<>();
        Set<String> templates = new HashSet<>();
        for (ObjectRef pod : i.affected()) { // most recent first
            for (ClusterEvent excerpt : byPod.getOrDefault(pod.uid(), List.of())) {
                if (chosen.size() < MAX_PER_INCIDENT && templates.add(MessageTemplate.of(excerpt.message()))) {
                    chosen.add(excerpt);
                }
            }
        }
        if (chosen.isEmpty()) {
            return i;
        }
        List<Evidence> examples = new ArrayList<>(i.examples());
        for (ClusterEvent e : chosen) {
            examples.add(new Evidence("E" + (examples.size() + 1), e.involvedObject(), e.reason(), e.message(),
                    Analysis.seen(e)));
        }
        List<String> evidenceIds = Stream.concat(chosen.stream().map(ClusterEvent::eventUid),
                i.evidenceIds().stream()).distinct().toList();
        return new Incident(i.fingerprint(), i.analyzerId(), i.reason(), i.severity(), i.subject(), i.summary(),
                i.count(), i.scope(), i.firstSeen(), i.lastSeen(), i.affected(), examples, evidenceIds, i.ongoing(),
                i.settled());
    }
}
