package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What was last published as a problem for each pod status fact, so an unchanged status is not republished and a
 * recovery is published exactly once. Holds only pods with a current problem, at most {@code maxPods} of them (least
 * recently updated forgotten first: the worst case is one harmless republish). Synchronized: the publisher thread
 * uses it, the activation rebuilds it from {@code cluster.events} ({@link #remember}).
 */
final class PodStatusMemory {

    /** What to publish, and how many unchanged problems were held back. */
    record Changes(List<ClusterEvent> publish, int unchanged) {
    }

    private final Map<String, Map<String, ClusterEvent>> problemsByPod;

    PodStatusMemory(int maxPods) {
        this.problemsByPod = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, ClusterEvent>> eldest) {
                return size() > maxPods;
            }
        };
    }

    /**
     * @param facts every current fact about one pod, from {@link PodStatusNormalizer}
     * @return problems that are new or changed (reason, message, count, container facts), keeping the first-seen
     * time of an ongoing problem, and a healthy fact for each problem that has just resolved
     */
    synchronized Changes changes(String podUid, List<ClusterEvent> facts) {
        Map<String, ClusterEvent> problems = problemsByPod.getOrDefault(podUid, new HashMap<>());
        List<ClusterEvent> publish = new ArrayList<>();
        int unchanged = 0;
        for (ClusterEvent fact : facts) {
            ClusterEvent previous = problems.get(fact.eventUid());
            if (!fact.isWarning()) {
                if (previous != null) {
                    problems.remove(fact.eventUid());
                    publish.add(fact);
                }
            } else if (previous != null && sameStatus(previous, fact)) {
                unchanged++;
            } else {
                ClusterEvent news = previous == null ? fact
                        : fact.withFirstSeen(KubeTime.earliest(previous.firstSeen(), fact.firstSeen()));
                problems.put(fact.eventUid(), news);
                publish.add(news);
            }
        }
        if (problems.isEmpty()) {
            problemsByPod.remove(podUid);
        } else {
            problemsByPod.put(podUid, problems);
        }
        return new Changes(List.copyOf(publish), unchanged);
    }

    /**
     * Takes in a fact that was published before (read back from {@code cluster.events} at start): a problem is
     * remembered as the latest published one, a healthy fact clears it.
     */
    synchronized void remember(ClusterEvent published) {
        String podUid = published.involvedObject().uid();
        if (podUid == null) {
            return;
        }
        Map<String, ClusterEvent> problems = problemsByPod.getOrDefault(podUid, new HashMap<>());
        if (published.isWarning()) {
            problems.put(published.eventUid(), published);
        } else {
            problems.remove(published.eventUid());
        }
        if (problems.isEmpty()) {
            problemsByPod.remove(podUid);
        } else {
            problemsByPod.put(podUid, problems);
        }
    }

    synchronized void forget(String podUid) {
        problemsByPod.remove(podUid);
    }

    synchronized int trackedPods() {
        return problemsByPod.size();
    }

    private static boolean sameStatus(ClusterEvent a, ClusterEvent b) {
        return Objects.equals(a.reason(), b.reason()) && Objects.equals(a.message(), b.message())
                && a.count() == b.count() && a.type() == b.type() && Objects.equals(a.container(), b.container());
    }
}
