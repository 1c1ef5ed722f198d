package io.clusterwise.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The ingest service's whole configuration, bound once and checked at start-up. Every error message names the key
 * to fix. Environment variables bind by Spring's relaxed rules ({@code CLUSTERWISE_INGEST_QUEUE_CAPACITY} →
 * {@code clusterwise.ingest.queue-capacity}).
 *
 * @param clusterName {@code clusterwise.cluster-name}: the envelope {@code source}
 * @param ingest      {@code clusterwise.ingest.*}
 */
@ConfigurationProperties("clusterwise")
public record IngestProperties(@DefaultValue("local") String clusterName, @DefaultValue Ingest ingest) {

    public static final String CLUSTER_NAME = "clusterwise.cluster-name";
    public static final String KUBECONFIG = "clusterwise.ingest.kubeconfig";
    public static final String NAMESPACES = "clusterwise.ingest.namespaces";
    public static final String QUEUE_CAPACITY = "clusterwise.ingest.queue-capacity";
    /** The environment form of {@link #QUEUE_CAPACITY}, named in the overflow error. */
    public static final String QUEUE_CAPACITY_ENV = "CLUSTERWISE_INGEST_QUEUE_CAPACITY";
    public static final String RESYNC_PERIOD = "clusterwise.ingest.resync-period";

    public IngestProperties {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException(CLUSTER_NAME + " must not be blank");
        }
        clusterName = clusterName.strip();
        if (ingest == null) {
            ingest = new Ingest(null, null, Ingest.DEFAULT_QUEUE_CAPACITY, Ingest.DEFAULT_RESYNC_PERIOD);
        }
    }

    /**
     * @param kubeconfig    {@code clusterwise.ingest.kubeconfig}: a kubeconfig file; empty means fabric8's
     *                      auto-configuration (KUBECONFIG, ~/.kube/config, in-cluster service account)
     * @param namespaces    {@code clusterwise.ingest.namespaces}: namespaces to watch; empty means all
     * @param queueCapacity {@code clusterwise.ingest.queue-capacity}: the bounded hand-off between informer callbacks
     *                      and the publisher
     * @param resyncPeriod  {@code clusterwise.ingest.resync-period}: informer resync period (resyncs publish nothing)
     */
    public record Ingest(String kubeconfig, List<String> namespaces,
                         @DefaultValue("10000") int queueCapacity,
                         @DefaultValue("PT10M") Duration resyncPeriod) {

        static final int DEFAULT_QUEUE_CAPACITY = 10_000;
        static final Duration DEFAULT_RESYNC_PERIOD = Duration.ofMinutes(10);
        private static final Pattern NAMESPACE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

        public Ingest {
            kubeconfig = kubeconfig == null || kubeconfig.isBlank() ? null : kubeconfig.strip();
            namespaces = namespaces == null ? List.of()
                    : namespaces.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
            for (String namespace : namespaces) {
                if (!NAMESPACE_NAME.matcher(namespace).matches()) {
                    throw new IllegalArgumentException(NAMESPACES + ": '" + namespace
                            + "' is not a valid namespace name (lower-case letters, digits and '-', at most 63)");
                }
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException(QUEUE_CAPACITY + " must be at least 1, was " + queueCapacity);
            }
            if (resyncPeriod == null) {
                resyncPeriod = DEFAULT_RESYNC_PERIOD;
            }
            if (resyncPeriod.isNegative()) {
                throw new IllegalArgumentException(RESYNC_PERIOD + " must not be negative, was " + resyncPeriod);
            }
        }

        public Optional<String> kubeconfigFile() {
            return Optional.ofNullable(kubeconfig);
        }

        /** True when every namespace is watched. */
        public boolean allNamespaces() {
            return namespaces.isEmpty();
        }
    }
}
