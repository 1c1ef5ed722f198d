package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Finding;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Severity;

import java.time.Instant;
import java.util.List;

/**
 * One analyzer's finding about one object, with what correlation needs: the owner chain and the evidence.
 *
 * @param analyzerId  the analyzer's short id, e.g. {@code crash-loop}
 * @param analyzer    the analyzer's name, which is also the incident reason, e.g. {@code CrashLoopBackOff}
 * @param description what the analyzer says about the object, e.g. {@code is crash-looping (exit code 2)}
 * @param evidence    the events that show it, newest first
 */
public record Problem(String analyzerId, String analyzer, Severity severity, ObjectRef object, List<ObjectRef> owners,
                      String reason, String description, int count, Instant firstSeen, Instant lastSeen,
                      List<ClusterEvent> evidence) {

    public Problem {
        owners = List.copyOf(owners);
        evidence = List.copyOf(evidence);
    }

    public Finding finding() {
        String summary = Analysis.label(object) + " " + description;
        return new Finding(analyzer, severity, object, reason, summary, count, firstSeen, lastSeen,
                evidence.stream().map(ClusterEvent::eventUid).toList());
    }
}
