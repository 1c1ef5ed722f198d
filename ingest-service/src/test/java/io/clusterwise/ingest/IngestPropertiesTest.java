package io.clusterwise.ingest;

import io.clusterwise.ingest.watch.WatchedKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestPropertiesTest {

    private static IngestProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("clusterwise", IngestProperties.class);
    }

    @Test
    void shouldUseDocumentedDefaultsWhenNothingIsSet() {
        IngestProperties properties = bind(Map.of());

        assertThat(properties.clusterName()).isEqualTo("local");
        assertThat(properties.ingest().kubeconfigFile()).isEmpty();
        assertThat(properties.ingest().allNamespaces()).isTrue();
        assertThat(properties.ingest().queueCapacity()).isEqualTo(10_000);
        assertThat(properties.ingest().resyncPeriod()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.ingest().watchedKinds()).containsExactlyInAnyOrder(WatchedKind.values());
        assertThat(properties.ingest().source()).isEqualTo(IngestProperties.Source.CLUSTER);
        assertThat(properties.ingest().leaderElection()).isTrue();
        assertThat(properties.ingest().dedupCapacity()).isEqualTo(200_000);
        assertThat(properties.ingest().watches("kube-system")).isTrue();
        assertThat(properties.ingest().logs()).isEqualTo(new IngestProperties.Logs(true, 50, 16_384,
                Duration.ofSeconds(30), 2, 5, 1000));
    }

    @Test
    void shouldBindContainerLogLimitsWhenConfigured() {
        IngestProperties.Logs logs = bind(Map.of(
                "clusterwise.ingest.logs.enabled", "false",
                "clusterwise.ingest.logs.tail-lines", "200",
                "clusterwise.ingest.logs.limit-bytes", "65536",
                "clusterwise.ingest.logs.per-pod-interval", "PT2M",
                "clusterwise.ingest.logs.reads-per-second", "0.5",
                "clusterwise.ingest.logs.burst", "1",
                "clusterwise.ingest.logs.pending-capacity", "20")).ingest().logs();

        assertThat(logs).isEqualTo(new IngestProperties.Logs(false, 200, 65_536, Duration.ofMinutes(2), 0.5, 1, 20));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tail-lines|0|clusterwise.ingest.logs.tail-lines must be between 1 and 5000, was 0",
            "limit-bytes|10000000|clusterwise.ingest.logs.limit-bytes must be between 256 and 262144, was 10000000",
            "per-pod-interval|-PT1S|clusterwise.ingest.logs.per-pod-interval must not be negative, was PT-1S",
            "reads-per-second|0|clusterwise.ingest.logs.reads-per-second must be more than 0 and at most 100, was 0.0",
            "burst|0|clusterwise.ingest.logs.burst must be at least 1, was 0",
            "pending-capacity|0|clusterwise.ingest.logs.pending-capacity must be at least 1, was 0"})
    void shouldNameTheKeyWhenAContainerLogLimitIsOutOfRange(String key, String value, String message) {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.ingest.logs." + key, value)))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage(message);
    }

    @Test
    void shouldWatchOnlyListedKindsAndSkipDeniedNamespacesWhenConfigured() {
        IngestProperties properties = bind(Map.of(
                "clusterwise.ingest.kinds", "Pods, events,replicasets",
                "clusterwise.ingest.exclude-namespaces", "kube-system"));

        assertThat(properties.ingest().watchedKinds())
                .containsExactlyInAnyOrder(WatchedKind.PODS, WatchedKind.EVENTS, WatchedKind.REPLICASETS);
        assertThat(properties.ingest().watches("kube-system")).isFalse();
        assertThat(properties.ingest().watches("demo")).isTrue();
        assertThat(properties.ingest().watches(null)).as("cluster-scoped").isTrue();
    }

    @Test
    void shouldNameTheKeyAndTheWatchableKindsWhenKindIsUnknown() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.ingest.kinds", "pods,secrets")))
                .rootCause().hasMessageStartingWith("clusterwise.ingest.kinds: 'secrets' is not a kind ingest watches; "
                        + "use events, pods, nodes, namespaces, deployments");
    }

    @Test
    void shouldNameBothKeysWhenReplaySourceHasNoFile() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.ingest.source", "replay")))
                .rootCause().hasMessage("clusterwise.ingest.replay-file must name a kubectl dump when "
                        + "clusterwise.ingest.source=replay");
    }

    @Test
    void shouldReadCommaListOfNamespacesWhenGiven() {
        IngestProperties properties = bind(Map.of(
                "clusterwise.cluster-name", "prod-eu-1",
                "clusterwise.ingest.namespaces", "demo, kube-system,,demo",
                "clusterwise.ingest.kubeconfig", "  /etc/clusterwise/kubeconfig ",
                "clusterwise.ingest.queue-capacity", "500",
                "clusterwise.ingest.resync-period", "PT0S"));

        assertThat(properties.clusterName()).isEqualTo("prod-eu-1");
        assertThat(properties.ingest().namespaces()).containsExactly("demo", "kube-system");
        assertThat(properties.ingest().kubeconfigFile()).contains("/etc/clusterwise/kubeconfig");
        assertThat(properties.ingest().queueCapacity()).isEqualTo(500);
        assertThat(properties.ingest().resyncPeriod()).isZero();
    }

    @Test
    void shouldBindEnvironmentVariablesWhenNamedAsInTheErrorMessages() {
        Map<String, Object> env = Map.of(
                "CLUSTERWISE_CLUSTER_NAME", "staging",
                "CLUSTERWISE_INGEST_QUEUE_CAPACITY", "25000",
                "CLUSTERWISE_INGEST_NAMESPACES", "demo,payments",
                "CLUSTERWISE_INGEST_RESYNC_PERIOD", "PT5M");
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)));

        IngestProperties properties = binder.bindOrCreate("clusterwise", IngestProperties.class);

        assertThat(properties.clusterName()).isEqualTo("staging");
        assertThat(properties.ingest().queueCapacity()).isEqualTo(25_000);
        assertThat(properties.ingest().namespaces()).containsExactly("demo", "payments");
        assertThat(properties.ingest().resyncPeriod()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldTreatEmptyKubeconfigAsAutoConfigurationWhenBlank() {
        assertThat(bind(Map.of("clusterwise.ingest.kubeconfig", "")).ingest().kubeconfigFile()).isEmpty();
    }

    @Test
    void shouldNameTheKeyWhenQueueCapacityIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.ingest.queue-capacity", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("clusterwise.ingest.queue-capacity must be at least 1, was 0");
    }

    @Test
    void shouldNameTheKeyWhenNamespaceIsInvalid() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.ingest.namespaces", "demo,Kube_System")))
                .rootCause().hasMessageStartingWith("clusterwise.ingest.namespaces: 'Kube_System' is not a valid namespace name");
    }

    @Test
    void shouldNameTheKeyWhenResyncPeriodIsNegative() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.ingest.resync-period", "-PT1M")))
                .rootCause().hasMessage("clusterwise.ingest.resync-period must not be negative, was PT-1M");
    }

    @Test
    void shouldNameTheKeyWhenClusterNameIsBlank() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.cluster-name", " ")))
                .rootCause().hasMessage("clusterwise.cluster-name must not be blank");
    }
}
