package io.clusterwise.ingest.logs;

import io.clusterwise.ingest.IngestMetrics;
import io.clusterwise.ingest.IngestProperties;
import io.clusterwise.ingest.publish.OutgoingSender;
import io.clusterwise.ingest.redact.Redactor;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The container log reader, when the ingest watches a cluster ({@code clusterwise.ingest.source=cluster}) and
 * {@code clusterwise.ingest.logs.enabled} is true (the default). Replay reads no logs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = IngestProperties.SOURCE, havingValue = "cluster", matchIfMissing = true)
class LogsConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = IngestProperties.LOGS_ENABLED, havingValue = "true", matchIfMissing = true)
    ContainerLogs containerLogs(KubernetesClient client, Redactor redactor, OutgoingSender sender, IngestMetrics metrics,
                                IngestProperties properties) {
        return new ContainerLogs(new KubernetesLogSource(client), redactor, sender, metrics,
                properties.ingest().logs(), Clock.systemUTC(), System::nanoTime, properties.clusterName());
    }
}
