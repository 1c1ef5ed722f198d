package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Severity;

import java.util.List;
import java.util.Set;

/**
 * One kind of problem, recognised from single events without any model. {@link Analysis} groups what an analyzer
 * recognises per object and turns each group into one finding.
 */
sealed interface Analyzer permits CrashLoopAnalyzer, OomKilledAnalyzer, ImagePullAnalyzer, SchedulingAnalyzer,
        VolumeAnalyzer, ProbeAnalyzer, NodeNotReadyAnalyzer, ConfigErrorAnalyzer, EvictedAnalyzer, WorkloadAnalyzer,
        JobAnalyzer, PvcAnalyzer, ServiceEndpointsAnalyzer, NodePressureAnalyzer {

    /** A short stable id for the offline diagnosis, e.g. {@code crash-loop}. */
    String id();

    /** The finding's {@code analyzer}, e.g. {@code CrashLoopBackOff}; also part of an insight's fingerprint. */
    String name();

    Severity severity();

    /** The reasons (any case) of the events it may signal on: only those events are shown to it. */
    Set<String> reasons();

    /** Whether it also looks at status records of any reason (e.g. a container's last termination). */
    default boolean anyStatusReason() {
        return false;
    }

    /** Whether this event shows the problem. */
    boolean signals(ClusterEvent event);

    /**
     * What the finding says about its object, after the object's path: e.g. {@code is crash-looping (exit code 2)}.
     *
     * @param evidence the group's events, newest first
     */
    String describe(List<ClusterEvent> evidence);

    /** Reasons that, seen later for the same object (and container), show the problem is over. */
    default Set<String> resolvingReasons() {
        return Set.of(EventText.CONTAINER_READY);
    }
}
