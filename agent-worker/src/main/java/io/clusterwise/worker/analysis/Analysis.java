package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs every analyzer over a set of events: a pure function from events to findings, one finding per
 * (analyzer, object). A finding's {@code evidenceIds} are the {@code eventUid}s that show it, newest first; an answer
 * renumbers them as citations (E1, E2, …). Problems that a later recovery of the same object (and container) shows to
 * be over, e.g. a {@code ContainerReady} status, are not reported.
 */
public final class Analysis {

    private static final Comparator<ClusterEvent> NEWEST_FIRST = Comparator
            .comparing(Analysis::seen, Comparator.nullsLast(Comparator.reverseOrder()));
    private static final Comparator<Finding> MOST_URGENT_FIRST = Comparator
            .comparing((Finding f) -> f.severity().ordinal())
            .thenComparing(Finding::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(f -> f.object().path());

    private final List<Analyzer> analyzers;

    Analysis(List<Analyzer> analyzers) {
        this.analyzers = List.copyOf(analyzers);
    }

    public static Analysis standard() {
        return new Analysis(List.of(new CrashLoopAnalyzer(), new OomKilledAnalyzer(), new ImagePullAnalyzer(),
                new SchedulingAnalyzer(), new VolumeAnalyzer(), new ProbeAnalyzer(), new NodeNotReadyAnalyzer()));
    }

    /** The findings, most severe first, then most recent first. */
    public List<Finding> findings(Collection<ClusterEvent> input) {
        List<ClusterEvent> events = latestPerUid(input);
        List<Finding> findings = new ArrayList<>();
        for (Analyzer analyzer : analyzers) {
            Map<String, List<ClusterEvent>> byObject = new LinkedHashMap<>();
            for (ClusterEvent e : events) {
                if (e.involvedObject() != null && analyzer.signals(e) && !resolved(analyzer, e, events)) {
                    byObject.computeIfAbsent(objectKey(e.involvedObject()), k -> new ArrayList<>()).add(e);
                }
            }
            byObject.values().forEach(group -> findings.add(finding(analyzer, group)));
        }
        findings.sort(MOST_URGENT_FIRST);
        return findings;
    }

    /** The stable identity of a finding: analyzer and object UID (the path when the UID is unknown). */
    public static String fingerprint(Finding finding) {
        return finding.analyzer() + "/" + objectKey(finding.object());
    }

    private static Finding finding(Analyzer analyzer, List<ClusterEvent> group) {
        group.sort(NEWEST_FIRST);
        ObjectRef object = group.get(0).involvedObject();
        Instant first = group.stream().map(e -> e.firstSeen() != null ? e.firstSeen() : seen(e))
                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        Instant last = group.stream().map(Analysis::seen).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        String reason = group.stream().filter(EventText::isStatus).map(ClusterEvent::reason).findFirst()
                .orElse(group.get(0).reason());
        // an Event may name its object without a kind: say "Object" rather than fail every answer and insight
        String summary = (object.kind() == null ? "Object" : object.kind()) + " "
                + (object.namespace() == null || object.namespace().isEmpty() ? "" : object.namespace() + "/")
                + object.name() + " " + analyzer.describe(group);
        return new Finding(analyzer.name(), analyzer.severity(), object, reason, summary, count(group), first, last,
                group.stream().map(ClusterEvent::eventUid).toList());
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

    private static boolean resolved(Analyzer analyzer, ClusterEvent problem, List<ClusterEvent> events) {
        Instant at = seen(problem);
        Optional<String> container = EventText.container(problem);
        return events.stream().anyMatch(later -> later != problem
                && analyzer.resolvingReasons().stream().anyMatch(r -> r.equalsIgnoreCase(later.reason()))
                && sameObject(later, problem)
                && at != null && seen(later) != null && seen(later).isAfter(at)
                && sameContainer(container, EventText.container(later)));
    }

    private static boolean sameObject(ClusterEvent a, ClusterEvent b) {
        return a.involvedObject() != null && objectKey(a.involvedObject()).equals(objectKey(b.involvedObject()));
    }

    private static boolean sameContainer(Optional<String> a, Optional<String> b) {
        return a.isEmpty() || b.isEmpty() || a.get().equals(b.get());
    }

    /** The input may hold several versions of one event (a replay, a count bump): keep the latest of each. */
    private static List<ClusterEvent> latestPerUid(Collection<ClusterEvent> input) {
        Map<String, ClusterEvent> latest = new LinkedHashMap<>();
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

    private static Instant seen(ClusterEvent e) {
        return e.lastSeen() != null ? e.lastSeen() : e.firstSeen();
    }

    private static String objectKey(ObjectRef o) {
        return o.uid() != null && !o.uid().isBlank() ? o.uid() : o.path();
    }
}
