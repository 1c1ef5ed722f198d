package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs every analyzer over a set of events: a pure function from events to problems, one per (analyzer, object).
 * Problems that a later recovery of the same object (and container) shows to be over, e.g. a {@code ContainerReady}
 * status, are not reported. Linear in the number of events: recoveries are looked up per object.
 */
public final class Analysis {

    private static final Comparator<ClusterEvent> NEWEST_FIRST = Comparator
            .comparing(Analysis::seen, Comparator.nullsLast(Comparator.reverseOrder()));
    private static final Comparator<Problem> MOST_URGENT_FIRST = Comparator
            .comparing((Problem f) -> f.severity().ordinal())
            .thenComparing(Problem::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(f -> f.object().path());

    private final List<Analyzer> analyzers;
    private final Set<String> resolvingReasons;
    /** Reason (any case) → the analyzers that may signal on it, so each event meets only those. */
    private final Map<String, List<Analyzer>> byReason;
    private final List<Analyzer> anyStatus;
    private final Map<Analyzer, Set<String>> resolvingReasonsOf = new java.util.IdentityHashMap<>();

    Analysis(List<Analyzer> analyzers) {
        this.analyzers = List.copyOf(analyzers);
        Map<String, List<Analyzer>> index = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        analyzers.forEach(a -> a.reasons().forEach(r -> index.computeIfAbsent(r, k -> new ArrayList<>()).add(a)));
        this.byReason = Collections.unmodifiableMap(index);
        this.anyStatus = analyzers.stream().filter(Analyzer::anyStatusReason).toList();
        for (Analyzer a : analyzers) {
            Set<String> own = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            own.addAll(a.resolvingReasons());
            resolvingReasonsOf.put(a, Collections.unmodifiableSet(own));
        }
        // case-insensitive without lower-casing every event's reason
        Set<String> reasons = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        analyzers.forEach(a -> reasons.addAll(a.resolvingReasons()));
        this.resolvingReasons = Collections.unmodifiableSet(reasons);
    }

    public static Analysis standard() {
        return new Analysis(List.of(new CrashLoopAnalyzer(), new OomKilledAnalyzer(), new ImagePullAnalyzer(),
                new ConfigErrorAnalyzer(), new SchedulingAnalyzer(), new VolumeAnalyzer(), new ProbeAnalyzer(),
                new EvictedAnalyzer(), new WorkloadAnalyzer(), new JobAnalyzer(), new PvcAnalyzer(),
                new ServiceEndpointsAnalyzer(), new NodeNotReadyAnalyzer(), new NodePressureAnalyzer()));
    }

    /** The findings, most severe first, then most recent first. */
    public List<Finding> findings(Collection<ClusterEvent> input) {
        return problems(input).stream().map(Problem::finding).toList();
    }

    /** The problems, most severe first, then most recent first. */
    public List<Problem> problems(Collection<ClusterEvent> input) {
        return problemsOfDistinct(latestPerUid(input));
    }

    /**
     * {@link #problems} of events known to hold one version per {@code eventUid} (e.g. the window, which is keyed by
     * it): skips the de-duplication, the costliest step over a large window.
     */
    public List<Problem> problemsOfDistinct(List<ClusterEvent> events) {
        // a window holds a few dozen distinct reasons: look each up case-insensitively once, then by hash
        Map<String, Boolean> recovering = new HashMap<>();
        Map<String, List<Analyzer>> analyzersFor = new HashMap<>();
        Map<String, List<ClusterEvent>> recoveries = new HashMap<>();
        // one pass over the window (it is memory-bound): recoveries, and what each analyzer signals
        List<Signal> signals = new ArrayList<>();
        for (ClusterEvent e : events) {
            if (e.involvedObject() == null || e.reason() == null) {
                continue;
            }
            if (recovering.computeIfAbsent(e.reason(), resolvingReasons::contains)) {
                recoveries.computeIfAbsent(objectKey(e.involvedObject()), k -> new ArrayList<>()).add(e);
            }
            List<Analyzer> candidates = analyzersFor.computeIfAbsent(e.reason(),
                    r -> byReason.getOrDefault(r, List.of()));
            for (Analyzer analyzer : candidates) {
                if (analyzer.signals(e)) {
                    signals.add(new Signal(analyzer, e));
                }
            }
            if (EventText.isStatus(e)) {
                for (Analyzer analyzer : anyStatus) {
                    if (!candidates.contains(analyzer) && analyzer.signals(e)) {
                        signals.add(new Signal(analyzer, e));
                    }
                }
            }
        }
        Map<ClusterEvent, Optional<String>> containers = new IdentityHashMap<>();
        // analyzer → object → its events; in the analyzers' order, objects in the events' order
        Map<Analyzer, Map<String, List<ClusterEvent>>> groups = new LinkedHashMap<>();
        analyzers.forEach(a -> groups.put(a, new LinkedHashMap<>()));
        for (Signal signal : signals) {
            if (!resolved(signal.analyzer(), signal.event(), recoveries, containers)) {
                groups.get(signal.analyzer()).computeIfAbsent(objectKey(signal.event().involvedObject()),
                        k -> new ArrayList<>()).add(signal.event());
            }
        }
        List<Problem> problems = new ArrayList<>();
        groups.forEach((analyzer, byObject) -> byObject.values()
                .forEach(group -> problems.add(problem(analyzer, group))));
        problems.sort(MOST_URGENT_FIRST);
        return problems;
    }

    /** An event an analyzer recognised, before recoveries are checked. */
    private record Signal(Analyzer analyzer, ClusterEvent event) {
    }

    /** {@code Pod demo/greeter-abc}, {@code Node worker-2}. */
    public static String label(ObjectRef object) {
        // an Event may name its object without a kind: say "Object" rather than fail every answer and insight
        return (object.kind() == null ? "Object" : object.kind()) + " "
                + (object.namespace() == null || object.namespace().isEmpty() ? "" : object.namespace() + "/")
                + object.name();
    }

    public static String objectKey(ObjectRef o) {
        return o.uid() != null && !o.uid().isBlank() ? o.uid() : o.path();
    }

    public static Instant seen(ClusterEvent e) {
        return e.lastSeen() != null ? e.lastSeen() : e.firstSeen();
    }

    private static Problem problem(Analyzer analyzer, List<ClusterEvent> group) {
        group.sort(NEWEST_FIRST);
        ObjectRef object = group.get(0).involvedObject();
        Instant first = group.stream().map(e -> e.firstSeen() != null ? e.firstSeen() : seen(e))
                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        Instant last = group.stream().map(Analysis::seen).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        String reason = group.stream().filter(EventText::isStatus).map(ClusterEvent::reason).findFirst()
                .orElse(group.get(0).reason());
        List<ObjectRef> owners = group.stream().map(ClusterEvent::owners).filter(o -> !o.isEmpty()).findFirst()
                .orElse(List.of());
        return new Problem(analyzer.id(), analyzer.name(), analyzer.severity(), object, owners, reason,
                analyzer.describe(group), count(group), first, last, group);
    }

    /**
     * How many times it happened: Event records count occurrences (and add up), a status record carries the
     * container's own counter; the larger of the two, so a crash loop seen both ways is not counted twice.
     */
    private static int count(List<ClusterEvent> group) {
        int events = group.stream().filter(e -> !EventText.isStatus(e)).mapToInt(e -> Math.max(1, e.count())).sum();
        int status = group.stream().filter(EventText::isStatus).mapToInt(e -> Math.max(1, e.count())).max().orElse(0);
        return Math.max(events, status);
    }

    /** Whether a later recovery of the same object (and container) shows the problem is over. */
    private boolean resolved(Analyzer analyzer, ClusterEvent problem, Map<String, List<ClusterEvent>> recoveries,
                                    Map<ClusterEvent, Optional<String>> containers) {
        List<ClusterEvent> candidates = recoveries.get(objectKey(problem.involvedObject()));
        Instant at = seen(problem);
        if (candidates == null || at == null) {
            return false;
        }
        Set<String> reasons = resolvingReasonsOf.get(analyzer);
        for (ClusterEvent later : candidates) {
            // cheap checks first: reading the container may mean matching an Event's text
            if (later != problem && seen(later) != null && seen(later).isAfter(at) && reasons.contains(later.reason())
                    && sameContainer(containers.computeIfAbsent(problem, EventText::container),
                    containers.computeIfAbsent(later, EventText::container))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameContainer(Optional<String> a, Optional<String> b) {
        return a.isEmpty() || b.isEmpty() || a.get().equals(b.get());
    }

    /** The input may hold several versions of one event (a replay, a count bump): keep the latest of each. */
    private static List<ClusterEvent> latestPerUid(Collection<ClusterEvent> input) {
        Map<String, ClusterEvent> latest = new LinkedHashMap<>(Math.max(16, input.size() * 4 / 3 + 1));
        for (ClusterEvent e : input) {
            if (e == null) {
                continue;
            }
            String uid = e.eventUid() != null ? e.eventUid() : "anonymous-" + latest.size();
            latest.merge(uid, e, (old, now) -> isAfter(seen(old), seen(now)) ? old : now);
        }
        return new ArrayList<>(latest.values());
    }

    private static boolean isAfter(Instant a, Instant b) {
        return a != null && (b == null || a.isAfter(b));
    }
}
