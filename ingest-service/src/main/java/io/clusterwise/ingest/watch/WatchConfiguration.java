package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The informers, when the ingest watches a cluster (not when it replays a dump). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = IngestProperties.SOURCE, havingValue = "cluster", matchIfMissing = true)
class WatchConfiguration {

    @Bean
    ClusterWatch clusterWatch(KubernetesClient client, ObservedQueue queue, IngestProperties properties) {
        return new ClusterWatch(client, queue, properties);
    }
}
