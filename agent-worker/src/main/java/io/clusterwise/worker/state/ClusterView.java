package io.clusterwise.worker.state;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.worker.analysis.ObjectState;
import io.clusterwise.worker.diagnosis.Diagnosis;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.logs.ContainerLogStore;
import io.clusterwise.worker.window.EventWindow;
import io.clusterwise.worker.window.WindowedEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * What the worker knows right now: the event window, the object state, and the incidents they show. The last
 * snapshot is reused while neither the window nor the state changed (for at most {@link #REUSE_FOR}), so an answer
 * that comes right after the episode check does not analyse the same window again.
 * <p>
 * Answers use {@link #forAnswer()}: the episode check re-analyses every second anyway, so a question takes the
 * latest snapshot when it is at most {@link #ANSWER_STALENESS} old, even if a few records arrived since, instead of
 * paying for a whole analysis of a large window while the person waits. Episodes use {@link #snapshot()}.
 */
public final class ClusterView {

    static final Duration REUSE_FOR = Duration.ofSeconds(1);
    /** How old a snapshot an answer accepts (twice the episode check's default interval). */
    static final Duration ANSWER_STALENESS = Duration.ofSeconds(2);

    private final EventWindow window;
    private final ClusterStateStore state;
    private final ContainerLogStore logs;
    private final Diagnosis diagnosis;
    private final Clock clock;
    private final BooleanSupplier caughtUp;
    private Snapshot last;
    private long lastWindowVersion = -1;
    private long lastStateVersion = -1;
    private long lastLogsVersion = -1;

    /** A view without container log excerpts. */
    public ClusterView(EventWindow window, ClusterStateStore state, Diagnosis diagnosis, Clock clock,
                       BooleanSupplier caughtUp) {
        this(window, state, null, diagnosis, clock, caughtUp);
    }

    /** @param logs the latest log excerpts, cited by the incidents of the pods they come from; null for none */
    public ClusterView(EventWindow window, ClusterStateStore state, ContainerLogStore logs, Diagnosis diagnosis,
                       Clock clock, BooleanSupplier caughtUp) {
        this.window = window;
        this.state = state;
        this.logs = logs;
        this.diagnosis = diagnosis;
        this.clock = clock;
        this.caughtUp = caughtUp;
    }

    /** True once the window and the state have been read up to where Kafka was at start-up. */
    public boolean caughtUp() {
        return caughtUp.getAsBoolean();
    }

    public Snapshot snapshot() {
        Instant now = clock.instant();
        long windowVersion = window.version();
        long stateVersion = state.version();
        long logsVersion = logs == null ? 0 : logs.version();
        synchronized (this) {
            if (last != null && windowVersion == lastWindowVersion && stateVersion == lastStateVersion
                    && logsVersion == lastLogsVersion && !now.isAfter(last.at().plus(REUSE_FOR))
                    && !now.isBefore(last.at())) {
                return last;
            }
        }
        Snapshot fresh = compute(now);
        synchronized (this) {
            last = fresh;
            lastWindowVersion = windowVersion;
            lastStateVersion = stateVersion;
            lastLogsVersion = logsVersion;
        }
        return fresh;
    }

    /**
     * For an answer: the latest snapshot when it is at most {@link #ANSWER_STALENESS} old (records that arrived since
     * show up in the next one, within a second or two), else one computed now.
     */
    public Snapshot forAnswer() {
        Instant now = clock.instant();
        synchronized (this) {
            if (last != null && !now.isAfter(last.at().plus(ANSWER_STALENESS)) && !now.isBefore(last.at())) {
                return last;
            }
        }
        return snapshot();
    }

    /** A snapshot computed now, never reused (what the benchmark measures). */
    public Snapshot compute(Instant now) {
        List<WindowedEvent> windowed = window.snapshot();
        List<ClusterEvent> events = new ArrayList<>(windowed.size());
        windowed.forEach(w -> events.add(w.event()));
        List<ObjectState> states = state.states();
        List<ClusterEvent> excerpts = logs == null ? List.of() : logs.excerpts();
        List<Incident> incidents = diagnosis.incidents(events, states, excerpts, now);
        return new Snapshot(windowed, events, states, cited(excerpts, incidents), incidents, now);
    }

    /** The excerpts some incident cites: the others are about pods with no current problem. */
    private static List<ClusterEvent> cited(List<ClusterEvent> excerpts, List<Incident> incidents) {
        if (excerpts.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new HashSet<>();
        incidents.forEach(i -> ids.addAll(i.evidenceIds()));
        return excerpts.stream().filter(e -> ids.contains(e.eventUid())).toList();
    }

    /** One consistent view; read by one thread at a time. */
    public static final class Snapshot {
        private final List<WindowedEvent> windowed;
        private final List<ClusterEvent> events;
        private final List<ObjectState> states;
        private final List<ClusterEvent> logs;
        private final List<Incident> incidents;
        private final Instant at;
        private Map<String, Instant> recordTimes;
        private List<String> namespaces;

        Snapshot(List<WindowedEvent> windowed, List<ClusterEvent> events, List<ObjectState> states,
                 List<ClusterEvent> logs, List<Incident> incidents, Instant at) {
            this.windowed = windowed;
            this.events = events;
            this.states = states;
            this.logs = logs;
            this.incidents = incidents;
            this.at = at;
        }

        public List<ClusterEvent> events() {
            return events;
        }

        public List<ObjectState> states() {
            return states;
        }

        public List<Incident> incidents() {
            return incidents;
        }

        public Instant at() {
            return at;
        }

        /** The latest time any of the incident's evidence was published (Kafka record time), else its lastSeen. */
        public synchronized Instant lastEvidenceAt(Incident incident) {
            if (recordTimes == null) {
                recordTimes = new HashMap<>(windowed.size() * 4 / 3 + 1);
                windowed.forEach(w -> recordTimes.put(w.event().eventUid(), w.recordTime()));
            }
            Instant latest = null;
            for (String uid : incident.evidenceIds()) {
                Instant t = recordTimes.get(uid);
                if (t != null && (latest == null || t.isAfter(latest))) {
                    latest = t;
                }
            }
            return latest != null ? latest : incident.lastSeen();
        }

        /**
         * Every namespace this view knows, sorted: the Namespace objects of {@code cluster.state}, and the namespaces
         * of the objects it holds and of the objects the events are about (a watch may not include Namespaces).
         */
        public synchronized List<String> namespaces() {
            if (namespaces == null) {
                TreeSet<String> names = new TreeSet<>();
                for (ObjectState s : states) {
                    add(names, "Namespace".equals(s.object().kind()) ? s.object().name() : s.object().namespace());
                }
                for (ClusterEvent e : events) {
                    if (e.involvedObject() != null) {
                        add(names, e.involvedObject().namespace());
                    }
                }
                namespaces = List.copyOf(names);
            }
            return namespaces;
        }

        private static void add(Set<String> names, String namespace) {
            if (namespace != null && !namespace.isBlank()) {
                names.add(namespace);
            }
        }

        /**
         * The events, then the facts of object state, then the log excerpts the incidents cite: everything an answer
         * may cite.
         */
        public List<ClusterEvent> evidence() {
            if (states.isEmpty() && logs.isEmpty()) {
                return events;
            }
            List<ClusterEvent> all = new ArrayList<>(events);
            states.forEach(s -> all.addAll(s.facts()));
            all.addAll(logs);
            return all;
        }
    }
}
