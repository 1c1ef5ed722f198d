package io.clusterwise.worker.context;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Chooses the events relevant to a question: those about objects it names (exactly, by prefix, or through an owner
 * such as the Deployment), narrowed to the namespaces it names; else those in the namespaces it names; else those
 * with the reasons it asks about; else the recent Warnings.
 */
final class EvidenceSelector {

    /**
     * How many events are put in order at most: a prompt holds far fewer (an evidence line costs at least ~20 tokens,
     * and even a 32k context holds under 1,600), so the rest of a large window is counted, not sorted.
     */
    static final int MAX_ORDERED = 2_000;

    private static final Comparator<ClusterEvent> WARNINGS_THEN_NEWEST = Comparator
            .comparing((ClusterEvent e) -> e.isWarning() ? 0 : 1)
            .thenComparing(EvidenceSelector::seen, Comparator.nullsLast(Comparator.reverseOrder()));

    Selection select(String question, Collection<ClusterEvent> window, List<Finding> findings) {
        QuestionTerms terms = QuestionTerms.of(question);
        List<ClusterEvent> byName = filter(window, e -> namesObject(terms, e));
        List<ClusterEvent> byNamespace = filter(window,
                e -> e.involvedObject() != null && terms.mentionsNamespace(e.involvedObject().namespace()));
        List<ClusterEvent> scope;
        String how;
        if (!byName.isEmpty()) {
            Set<ClusterEvent> inNamespaces = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            inNamespaces.addAll(byNamespace);
            scope = byNamespace.isEmpty() ? byName : filter(byName, inNamespaces::contains);
            how = byNamespace.isEmpty() ? "objects named in the question" : "objects and namespaces named";
            if (scope.isEmpty()) {
                scope = byName;
            }
        } else if (!byNamespace.isEmpty()) {
            scope = byNamespace;
            how = "namespaces named in the question";
        } else {
            Set<String> reasons = terms.reasons(window.stream().map(ClusterEvent::reason).collect(Collectors.toSet()));
            scope = filter(window, e -> reasons.stream().anyMatch(r -> r.equalsIgnoreCase(e.reason())));
            how = "reasons asked about";
        }
        if (scope.isEmpty()) {
            return recentWarnings(window, findings);
        }
        Set<String> uids = scope.stream().map(ClusterEvent::eventUid).collect(Collectors.toSet());
        List<Finding> relevant = findings.stream()
                .filter(f -> f.evidenceIds().stream().anyMatch(uids::contains)).toList();
        return new Selection(relevant, order(scope, relevant), scope.size(), how);
    }

    private static Selection recentWarnings(Collection<ClusterEvent> window, List<Finding> findings) {
        Set<String> evidence = findings.stream().flatMap(f -> f.evidenceIds().stream()).collect(Collectors.toSet());
        List<ClusterEvent> scope = filter(window, e -> e.isWarning() || evidence.contains(e.eventUid()));
        return new Selection(findings, order(scope, findings), scope.size(),
                "recent warnings (nothing named in the question)");
    }

    /** The findings' evidence first, in the findings' order; then the rest, Warnings before Normals, newest first. */
    private static List<ClusterEvent> order(List<ClusterEvent> scope, List<Finding> findings) {
        Map<String, ClusterEvent> byUid = new LinkedHashMap<>();
        scope.forEach(e -> byUid.put(e.eventUid(), e));
        List<ClusterEvent> ordered = new ArrayList<>();
        for (Finding f : findings) {
            for (String uid : f.evidenceIds()) {
                ClusterEvent e = byUid.remove(uid);
                if (e != null) {
                    ordered.add(e);
                }
            }
        }
        int room = MAX_ORDERED - ordered.size();
        if (room > 0) {
            // the first `room` of the rest in order, without sorting all of them
            PriorityQueue<ClusterEvent> top = new PriorityQueue<>(room + 1, WARNINGS_THEN_NEWEST.reversed());
            for (ClusterEvent e : byUid.values()) {
                top.add(e);
                if (top.size() > room) {
                    top.poll();
                }
            }
            List<ClusterEvent> rest = new ArrayList<>(top);
            rest.sort(WARNINGS_THEN_NEWEST);
            ordered.addAll(rest);
        }
        return ordered.size() <= MAX_ORDERED ? ordered : ordered.subList(0, MAX_ORDERED);
    }

    private static boolean namesObject(QuestionTerms terms, ClusterEvent e) {
        if (e.involvedObject() != null && terms.names(e.involvedObject().name())) {
            return true;
        }
        for (var owner : e.owners()) {
            if (terms.names(owner.name())) {
                return true;
            }
        }
        return false;
    }

    private static List<ClusterEvent> filter(Collection<ClusterEvent> events, Predicate<ClusterEvent> keep) {
        return events.stream().filter(keep).toList();
    }

    private static Instant seen(ClusterEvent e) {
        return e.lastSeen() != null ? e.lastSeen() : e.firstSeen();
    }
}
