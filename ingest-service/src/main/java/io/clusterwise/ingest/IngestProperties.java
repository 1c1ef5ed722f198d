package io.clusterwise.ingest;

import io.clusterwise.ingest.watch.WatchedKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ingest service's whole configuration, bound once and checked at start-up. Every error message names the key
 * to fix. Environment variables bind by Spring's relaxed rules ({@code CLUSTERWISE_INGEST_QUEUE_CAPACITY} →
 * {@code clusterwise.ingest.queue-capacity}). Holds no credentials (the kubeconfig is a path).
 *
 * @param clusterName {@code clusterwise.cluster-name}: the envelope {@code source}
 * @param ingest      {@code clusterwise.ingest.*}
 */
@ConfigurationProperties("clusterwise")
public record IngestProperties(@DefaultValue("local") String clusterName, @DefaultValue Ingest ingest) {

    public static final String CLUSTER_NAME = "clusterwise.cluster-name";
    public static final String KUBECONFIG = "clusterwise.ingest.kubeconfig";
    public static final String NAMESPACES = "clusterwise.ingest.namespaces";
    public static final String EXCLUDE_NAMESPACES = "clusterwise.ingest.exclude-namespaces";
    public static final String KINDS = "clusterwise.ingest.kinds";
    public static final String QUEUE_CAPACITY = "clusterwise.ingest.queue-capacity";
    /** The environment form of {@link #QUEUE_CAPACITY}, named in the overflow error. */
    public static final String QUEUE_CAPACITY_ENV = "CLUSTERWISE_INGEST_QUEUE_CAPACITY";
    public static final String RESYNC_PERIOD = "clusterwise.ingest.resync-period";
    public static final String SOURCE = "clusterwise.ingest.source";
    public static final String REPLAY_FILE = "clusterwise.ingest.replay-file";
    public static final String LEADER_ELECTION = "clusterwise.ingest.leader-election";
    public static final String DEDUP_CAPACITY = "clusterwise.ingest.dedup-capacity";
    public static final String LOGS_ENABLED = "clusterwise.ingest.logs.enabled";
    public static final String LOGS_TAIL_LINES = "clusterwise.ingest.logs.tail-lines";
    public static final String LOGS_LIMIT_BYTES = "clusterwise.ingest.logs.limit-bytes";
    public static final String LOGS_PER_POD_INTERVAL = "clusterwise.ingest.logs.per-pod-interval";
    public static final String LOGS_READS_PER_SECOND = "clusterwise.ingest.logs.reads-per-second";
    public static final String LOGS_BURST = "clusterwise.ingest.logs.burst";
    public static final String LOGS_PENDING_CAPACITY = "clusterwise.ingest.logs.pending-capacity";
    /** The environment form of {@link #LOGS_PENDING_CAPACITY}, named when pending log reads are dropped. */
    public static final String LOGS_PENDING_CAPACITY_ENV = "CLUSTERWISE_INGEST_LOGS_PENDING_CAPACITY";

    public IngestProperties {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException(CLUSTER_NAME + " must not be blank");
        }
        clusterName = clusterName.strip();
        if (ingest == null) {
            ingest = new Ingest(null, null, null, null, Ingest.DEFAULT_QUEUE_CAPACITY, Ingest.DEFAULT_RESYNC_PERIOD,
                    Source.CLUSTER, null, true, Ingest.DEFAULT_DEDUP_CAPACITY, null);
        }
    }

    /** Where the ingest reads the cluster from. */
    public enum Source { CLUSTER, REPLAY }

    /**
     * @param kubeconfig        {@code clusterwise.ingest.kubeconfig}: a kubeconfig file; empty means fabric8's
     *                          auto-configuration (KUBECONFIG, ~/.kube/config, in-cluster service account)
     * @param namespaces        {@code clusterwise.ingest.namespaces}: namespaces to watch (allow list); empty = all
     * @param excludeNamespaces {@code clusterwise.ingest.exclude-namespaces}: namespaces never published (deny list)
     * @param kinds             {@code clusterwise.ingest.kinds}: the kinds to watch, by resource name; empty = all
     * @param queueCapacity     {@code clusterwise.ingest.queue-capacity}: the bounded hand-off between informer
     *                          callbacks and the publisher
     * @param resyncPeriod      {@code clusterwise.ingest.resync-period}: informer resync period (resyncs publish nothing)
     * @param source            {@code clusterwise.ingest.source}: {@code cluster} (informers) or {@code replay} (a
     *                          kubectl dump, published once)
     * @param replayFile        {@code clusterwise.ingest.replay-file}: the dump for {@code source=replay}
     * @param leaderElection    {@code clusterwise.ingest.leader-election}: only the replica holding the
     *                          {@code ingest.leader} partition publishes
     * @param dedupCapacity     {@code clusterwise.ingest.dedup-capacity}: keys remembered per topic for de-duplication
     * @param logs              {@code clusterwise.ingest.logs.*}: reading the last lines of containers that ended in
     *                          error
     */
    public record Ingest(String kubeconfig, List<String> namespaces, List<String> excludeNamespaces,
                         List<String> kinds,
                         @DefaultValue("10000") int queueCapacity,
                         @DefaultValue("PT10M") Duration resyncPeriod,
                         @DefaultValue("cluster") Source source,
                         String replayFile,
                         @DefaultValue("true") boolean leaderElection,
                         @DefaultValue("200000") int dedupCapacity,
                         @DefaultValue Logs logs) {

        static final int DEFAULT_QUEUE_CAPACITY = 10_000;
        static final int DEFAULT_DEDUP_CAPACITY = 200_000;
        static final Duration DEFAULT_RESYNC_PERIOD = Duration.ofMinutes(10);
        private static final Pattern NAMESPACE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

        public Ingest {
            kubeconfig = kubeconfig == null || kubeconfig.isBlank() ? null : kubeconfig.strip();
            namespaces = namespaceList(NAMESPACES, namespaces);
            excludeNamespaces = namespaceList(EXCLUDE_NAMESPACES, excludeNamespaces);
            kinds = clean(kinds);
            for (String kind : kinds) {
                if (WatchedKind.fromResource(kind).isEmpty()) {
                    throw new IllegalArgumentException(KINDS + ": '" + kind + "' is not a kind ingest watches; use "
                            + WatchedKind.resourceNames());
                }
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException(QUEUE_CAPACITY + " must be at least 1, was " + queueCapacity);
            }
            if (dedupCapacity < 1) {
                throw new IllegalArgumentException(DEDUP_CAPACITY + " must be at least 1, was " + dedupCapacity);
            }
            if (resyncPeriod == null) {
                resyncPeriod = DEFAULT_RESYNC_PERIOD;
            }
            if (resyncPeriod.isNegative()) {
                throw new IllegalArgumentException(RESYNC_PERIOD + " must not be negative, was " + resyncPeriod);
            }
            logs = logs == null ? Logs.DEFAULTS : logs;
            source = source == null ? Source.CLUSTER : source;
            replayFile = replayFile == null || replayFile.isBlank() ? null : replayFile.strip();
            if (source == Source.REPLAY && replayFile == null) {
                throw new IllegalArgumentException(REPLAY_FILE + " must name a kubectl dump when " + SOURCE
                        + "=replay");
            }
        }

        public Optional<String> kubeconfigFile() {
            return Optional.ofNullable(kubeconfig);
        }

        /** True when every namespace is watched (no allow list; the deny list still applies). */
        public boolean allNamespaces() {
            return namespaces.isEmpty();
        }

        /** Whether objects in {@code namespace} (null or empty = cluster-scoped) are published. */
        public boolean watches(String namespace) {
            if (namespace == null || namespace.isEmpty()) {
                return true;
            }
            return (namespaces.isEmpty() || namespaces.contains(namespace)) && !excludeNamespaces.contains(namespace);
        }

        /** The configured kinds, or every kind when none is configured. */
        public Set<WatchedKind> watchedKinds() {
            if (kinds.isEmpty()) {
                return EnumSet.allOf(WatchedKind.class);
            }
            Set<WatchedKind> set = EnumSet.noneOf(WatchedKind.class);
            kinds.forEach(kind -> set.add(WatchedKind.fromResource(kind).orElseThrow()));
            return set;
        }

        private static List<String> namespaceList(String key, List<String> values) {
            List<String> list = clean(values);
            for (String namespace : list) {
                if (!NAMESPACE_NAME.matcher(namespace).matches()) {
                    throw new IllegalArgumentException(key + ": '" + namespace
                            + "' is not a valid namespace name (lower-case letters, digits and '-', at most 63)");
                }
            }
            return list;
        }

        private static List<String> clean(List<String> values) {
            if (values == null) {
                return List.of();
            }
            List<String> list = new ArrayList<>();
            values.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().forEach(list::add);
            return List.copyOf(list);
        }
    }

    /**
     * Container log evidence: when a container ends in error, the last lines of that run's log are read once (the
     * API's {@code pods/log}, {@code previous=true}) and published, redacted, on {@code cluster.logs}.
     *
     * @param enabled         {@code clusterwise.ingest.logs.enabled}: read logs at all (needs {@code get} on
     *                        {@code pods/log})
     * @param tailLines       {@code clusterwise.ingest.logs.tail-lines}: at most this many of the last lines
     * @param limitBytes      {@code clusterwise.ingest.logs.limit-bytes}: at most this many bytes per read
     * @param perPodInterval  {@code clusterwise.ingest.logs.per-pod-interval}: at least this long between two reads
     *                        of one pod ({@code PT0S} = no such limit)
     * @param readsPerSecond  {@code clusterwise.ingest.logs.reads-per-second}: the steady rate of reads in total
     * @param burst           {@code clusterwise.ingest.logs.burst}: reads allowed at once after a quiet time
     * @param pendingCapacity {@code clusterwise.ingest.logs.pending-capacity}: containers whose read may wait for
     *                        the budget; beyond it a read is dropped (counted, logged)
     */
    public record Logs(@DefaultValue("true") boolean enabled,
                       @DefaultValue("50") int tailLines,
                       @DefaultValue("16384") int limitBytes,
                       @DefaultValue("PT30S") Duration perPodInterval,
                       @DefaultValue("2") double readsPerSecond,
                       @DefaultValue("5") int burst,
                       @DefaultValue("1000") int pendingCapacity) {

        static final Logs DEFAULTS = new Logs(true, 50, 16_384, Duration.ofSeconds(30), 2, 5, 1000);
        /** The most lines one read asks for. */
        static final int MAX_TAIL_LINES = 5_000;
        /** A record must stay well below Kafka's default 1 MiB request size, envelope and JSON escaping included. */
        static final int MAX_LIMIT_BYTES = 256 * 1024;
        static final double MAX_READS_PER_SECOND = 100;

        public Logs {
            if (tailLines < 1 || tailLines > MAX_TAIL_LINES) {
                throw new IllegalArgumentException(LOGS_TAIL_LINES + " must be between 1 and " + MAX_TAIL_LINES
                        + ", was " + tailLines);
            }
            if (limitBytes < 256 || limitBytes > MAX_LIMIT_BYTES) {
                throw new IllegalArgumentException(LOGS_LIMIT_BYTES + " must be between 256 and " + MAX_LIMIT_BYTES
                        + ", was " + limitBytes);
            }
            if (perPodInterval == null) {
                perPodInterval = DEFAULTS.perPodInterval();
            }
            if (perPodInterval.isNegative()) {
                throw new IllegalArgumentException(LOGS_PER_POD_INTERVAL + " must not be negative, was "
                        + perPodInterval);
            }
            if (!(readsPerSecond > 0) || readsPerSecond > MAX_READS_PER_SECOND) {
                throw new IllegalArgumentException(LOGS_READS_PER_SECOND + " must be more than 0 and at most "
                        + (int) MAX_READS_PER_SECOND + ", was " + readsPerSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException(LOGS_BURST + " must be at least 1, was " + burst);
            }
            if (pendingCapacity < 1) {
                throw new IllegalArgumentException(LOGS_PENDING_CAPACITY + " must be at least 1, was "
                        + pendingCapacity);
            }
        }
    }
}
