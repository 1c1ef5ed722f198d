package io.clusterwise.worker.diagnosis;

import io.clusterwise.contracts.Evidence;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.IncidentReport;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Severity;

import java.time.Instant;
import java.util.List;

/**
 * One problem as a person should hear about it: the findings of one analyzer correlated by owner chain (the pods of
 * a Deployment) or by node (pods evicted from a NotReady node), with repeats compressed into a count.
 *
 * @param fingerprint the stable identity {@code <reason>:<Kind>/<namespace>/<name>} naming {@code subject} (see
 *                    {@code Insight#fingerprint()})
 * @param analyzerId  the analyzer's short id, e.g. {@code crash-loop}
 * @param reason      the kind of problem, e.g. {@code CrashLoopBackOff}, {@code NodeNotReady}
 * @param subject     the object the incident is about: the top owner (Deployment, StatefulSet, DaemonSet, CronJob…)
 *                    or the node, else the object itself
 * @param scope       how many distinct objects show it
 * @param affected    the objects that show it (bounded sample, most recent first)
 * @param examples    a few representative evidence lines (distinct message templates first), cited E1, E2…
 * @param evidenceIds the eventUids of its evidence, newest first (bounded)
 * @param ongoing     whether current object state (not only past events) shows it
 * @param settled     whether {@code subject} is final: false while it is a Pod, ReplicaSet or Job that object state
 *                    does not hold (yet), so the Deployment or CronJob above it may still become known and the
 *                    incident move to it (the episode keeper waits a little before opening such an incident)
 */
public record Incident(String fingerprint, String analyzerId, String reason, Severity severity, ObjectRef subject,
                       String summary, int count, int scope, Instant firstSeen, Instant lastSeen,
                       List<ObjectRef> affected, List<Evidence> examples, List<String> evidenceIds, boolean ongoing,
                       boolean settled) {

    public Incident {
        affected = List.copyOf(affected);
        examples = List.copyOf(examples);
        evidenceIds = List.copyOf(evidenceIds);
    }

    /** A settled incident. */
    public Incident(String fingerprint, String analyzerId, String reason, Severity severity, ObjectRef subject,
                    String summary, int count, int scope, Instant firstSeen, Instant lastSeen,
                    List<ObjectRef> affected, List<Evidence> examples, List<String> evidenceIds, boolean ongoing) {
        this(fingerprint, analyzerId, reason, severity, subject, summary, count, scope, firstSeen, lastSeen, affected,
                examples, evidenceIds, ongoing, true);
    }

    /**
     * The incident as people and scripts read it: an object of {@code clusterwise diagnose --json}, and of a
     * {@code DiagnoseReply}.
     */
    public IncidentReport report() {
        List<IncidentReport.Line> lines = examples.stream().map(e -> new IncidentReport.Line(
                e.object() == null ? null : e.object().path(), e.reason(), e.message(), e.time())).toList();
        return new IncidentReport(analyzerId, severity, subject.namespace(), subject.kind(), subject.name(), reason,
                count, firstSeen, lastSeen, summary, lines, fingerprint, scope,
                affected.stream().map(ObjectRef::path).toList());
    }

    /**
     * Whether the incident is about that namespace: its subject is in it, or one of the objects that show it is (a
     * NotReady node's incident is about the namespaces of the pods evicted from it, not about every namespace).
     */
    public boolean concerns(String namespace) {
        if (namespace.equals(subject.namespace())) {
            return true;
        }
        return affected.stream().anyMatch(a -> namespace.equals(a.namespace()));
    }

    /** The incident as the wire's {@link Finding}, about its subject, its evidence ids being eventUids. */
    public Finding finding() {
        return new Finding(reason, severity, subject, reason, summary, count, firstSeen, lastSeen, evidenceIds);
    }
}
