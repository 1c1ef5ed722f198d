package io.clusterwise.worker.diagnosis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Severity;
import io.clusterwise.worker.analysis.Analysis;
import io.clusterwise.worker.analysis.Problem;
import io.clusterwise.worker.analysis.StateFacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Groups problems into incidents: by owner chain (a pod's problem belongs to its Deployment, StatefulSet, DaemonSet or
 * CronJob) and by node (pods evicted from a NotReady or pressured node belong to the node's incident). A workload's
 * unavailable replicas join the incident of its pods' more specific problem when there is one.
 */
final class Correlator {

    static final int MAX_AFFECTED = 20;
    static final int MAX_EXAMPLES = 3;
    static final int MAX_EVIDENCE_IDS = 50;
    /** Examples are looked for among this many newest evidence lines: a storm is not read in full. */
    static final int EXAMPLE_SCAN = 50;
    private static final Comparator<ClusterEvent> NEWEST_FIRST = Comparator.comparing(Analysis::seen,
            Comparator.nullsLast(Comparator.reverseOrder()));
    private static final Set<String> OWNER_KINDS = Set.of("ReplicaSet", "Deployment", "StatefulSet", "DaemonSet",
            "Job", "CronJob", "ReplicationController");
    private static final Set<String> NODE_PROBLEMS = Set.of("NodeNotReady", "NodePressure");
    private static final Set<String> FOLLOWS_NODE = Set.of("Evicted");
    private static final String WORKLOAD = "UnavailableReplicas";

    /** Whether any problem could join a node's incident, i.e. whether pods' nodes are worth looking up. */
    static boolean needsNodes(List<Problem> problems) {
        return problems.stream().anyMatch(p -> FOLLOWS_NODE.contains(p.analyzer()))
                && problems.stream().anyMatch(p -> NODE_PROBLEMS.contains(p.analyzer()));
    }

    /**
     * @param nodeOf pod key (uid) → node name, where known
     * @param chains completes each problem's owner chain from object state
     */
    List<Incident> incidents(List<Problem> problems, Map<String, String> nodeOf, OwnerChains chains) {
        Map<String, String> nodeIncident = new LinkedHashMap<>();
        for (Problem p : problems) { // most urgent first: NodeNotReady (critical) wins over pressure
            if (NODE_PROBLEMS.contains(p.analyzer()) && "Node".equals(p.object().kind())) {
                nodeIncident.putIfAbsent(p.object().name(), key(p.analyzer(), p.object()));
            }
        }
        Map<String, List<Problem>> groups = new LinkedHashMap<>();
        Map<String, ObjectRef> subjects = new LinkedHashMap<>();
        for (Problem p : problems) {
            String node = nodeOf.get(Analysis.objectKey(p.object()));
            String key;
            ObjectRef subject;
            if (FOLLOWS_NODE.contains(p.analyzer()) && node != null && nodeIncident.containsKey(node)) {
                key = nodeIncident.get(node);
                subject = null; // set by the node's own problem
            } else {
                subject = subject(p, chains);
                key = key(p.analyzer(), subject);
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
            if (subject != null) {
                subjects.putIfAbsent(key, subject);
            }
        }
        Map<String, List<Problem>> supporting = mergeWorkloads(groups, subjects);
        List<Incident> incidents = new ArrayList<>();
        groups.forEach((key, group) -> incidents.add(incident(subjects.get(key), group,
                supporting.getOrDefault(key, List.of()), chains)));
        incidents.sort(Comparator.comparing((Incident i) -> i.severity().ordinal())
                .thenComparing(Incident::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Incident::fingerprint));
        return incidents;
    }

    /**
     * A workload's UnavailableReplicas supports its pods' more specific problem, when they have one: it becomes
     * evidence of that incident (not counted in its count or scope) instead of an incident of its own.
     *
     * @return incident key → its supporting problems
     */
    private static Map<String, List<Problem>> mergeWorkloads(Map<String, List<Problem>> groups,
                                                             Map<String, ObjectRef> subjects) {
        Map<String, List<Problem>> supporting = new LinkedHashMap<>();
        for (String key : List.copyOf(groups.keySet())) {
            if (!key.startsWith(WORKLOAD + ":")) {
                continue;
            }
            ObjectRef subject = subjects.get(key);
            groups.keySet().stream()
                    .filter(other -> !other.equals(key) && subjects.containsKey(other)
                            && subject.path().equals(subjects.get(other).path()))
                    .findFirst()
                    .ifPresent(target -> supporting.computeIfAbsent(target, k -> new ArrayList<>())
                            .addAll(groups.remove(key)));
        }
        return supporting;
    }

    static String key(String analyzer, ObjectRef subject) {
        return analyzer + ":" + subject.path();
    }

    /** The top of the (completed) owner chain when it is a workload controller, else the object itself. */
    private static ObjectRef subject(Problem p, OwnerChains chains) {
        ObjectRef subject = p.object();
        for (ObjectRef owner : chains.complete(p.object(), p.owners())) { // nearest first
            if (OWNER_KINDS.contains(owner.kind())) {
                subject = owner;
            } else {
                break;
            }
        }
        return subject;
    }

    private static Incident incident(ObjectRef subject, List<Problem> group, List<Problem> supporting,
                                     OwnerChains chains) {
        Problem lead = group.get(0); // problems arrive most urgent first
        ObjectRef about = subject != null ? subject : lead.object();
        Severity severity = group.stream().map(Problem::severity).min(Comparator.naturalOrder()).orElseThrow();
        List<ClusterEvent> evidence = newest(Stream.concat(group.stream(), supporting.stream())
                .flatMap(p -> p.evidence().stream()).toList(), EXAMPLE_SCAN);
        List<ObjectRef> objects = group.stream().map(Problem::object).distinct().toList();
        List<ObjectRef> affected = group.stream()
                .sorted(Comparator.comparing(Problem::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(Problem::object).distinct().limit(MAX_AFFECTED).toList();
        Instant first = group.stream().map(Problem::firstSeen).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        Instant last = group.stream().map(Problem::lastSeen).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return new Incident(key(lead.analyzer(), about), lead.analyzerId(), lead.analyzer(), severity, about,
                summary(about, group, supporting), group.stream().mapToInt(Problem::count).sum(), objects.size(),
                first, last,
                affected, examples(evidence), evidence.stream().map(ClusterEvent::eventUid).distinct()
                .limit(MAX_EVIDENCE_IDS).toList(),
                evidence.stream().anyMatch(e -> StateFacts.COMPONENT.equals(e.reportingComponent())),
                chains.settled(about));
    }

    /** The {@code k} newest events, newest first, without sorting them all. */
    private static List<ClusterEvent> newest(List<ClusterEvent> events, int k) {
        if (events.size() <= k) {
            List<ClusterEvent> all = new ArrayList<>(events);
            all.sort(NEWEST_FIRST);
            return all;
        }
        PriorityQueue<ClusterEvent> top = new PriorityQueue<>(k + 1, NEWEST_FIRST.reversed());
        for (ClusterEvent e : events) {
            top.add(e);
            if (top.size() > k) {
                top.poll();
            }
        }
        List<ClusterEvent> out = new ArrayList<>(top);
        out.sort(NEWEST_FIRST);
        return out;
    }

    /** Up to {@link #MAX_EXAMPLES} evidence lines, newest first, one per message template. */
    private static List<Evidence> examples(List<ClusterEvent> evidence) {
        List<Evidence> examples = new ArrayList<>();
        Set<String> templates = new HashSet<>();
        for (ClusterEvent e : evidence) {
            if (examples.size() == MAX_EXAMPLES) {
                break;
            }
            if (templates.add(e.reason() + "|" + MessageTemplate.of(e.message()))) {
                examples.add(new Evidence("E" + (examples.size() + 1), e.involvedObject(), e.reason(), e.message(),
                        Analysis.seen(e)));
            }
        }
        return examples;
    }

    /** E.g. "Deployment demo/greeter: 3 pods, e.g. pod greeter-…-a31b9, are crash-looping (exit code 2)". */
    private static String summary(ObjectRef subject, List<Problem> group, List<Problem> supporting) {
        Map<String, List<Problem>> byAnalyzer = new LinkedHashMap<>();
        Stream.concat(group.stream(), supporting.stream())
                .forEach(p -> byAnalyzer.computeIfAbsent(p.analyzer(), k -> new ArrayList<>()).add(p));
        StringBuilder b = new StringBuilder(Analysis.label(subject));
        boolean firstPart = true;
        for (List<Problem> problems : byAnalyzer.values()) {
            Problem newest = problems.stream()
                    .max(Comparator.comparing(Problem::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .orElseThrow();
            String part;
            if (problems.size() == 1 && newest.object().path().equals(subject.path())) {
                part = (firstPart ? "" : "the " + String.valueOf(subject.kind()).toLowerCase(Locale.ROOT) + " ")
                        + newest.description();
            } else {
                String kind = newest.object().kind() == null ? "object"
                        : newest.object().kind().toLowerCase(Locale.ROOT);
                part = (problems.size() == 1 ? kind + " " + newest.object().name()
                        : problems.size() + " " + kind + "s, e.g. " + newest.object().name() + ",")
                        + " " + newest.description();
            }
            b.append(firstPart ? (newest.object().path().equals(subject.path()) && problems.size() == 1 ? " " : ": ")
                    : "; ")
                    .append(part);
            firstPart = false;
        }
        return b.toString();
    }
}
