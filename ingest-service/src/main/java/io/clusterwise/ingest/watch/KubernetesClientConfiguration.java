package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestProperties;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Kubernetes client, used only for discovery and list/watch of the watched kinds (never Secrets, never
 * ConfigMaps).
 * HTTP/2 is off: the local simulated cluster is fabric8's mock server over plain HTTP, and watches are long-lived
 * single streams anyway.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = IngestProperties.SOURCE, havingValue = "cluster", matchIfMissing = true)
class KubernetesClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KubernetesClientConfiguration.class);
    static final int REQUEST_RETRY_BACKOFF_LIMIT = 3;
    static final int REQUEST_RETRY_BACKOFF_MILLIS = 250;

    @Bean(destroyMethod = "close")
    KubernetesClient kubernetesClient(IngestProperties properties) {
        Config config = clientConfig(properties.ingest());
        log.info("watching the cluster at {} ({})", config.getMasterUrl(), properties.ingest().kubeconfigFile()
                .map(file -> IngestProperties.KUBECONFIG + "=" + file).orElse("fabric8 auto-configuration"));
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    static Config clientConfig(IngestProperties.Ingest ingest) {
        Config base = ingest.kubeconfigFile().map(file -> fromFile(Path.of(file))).orElseGet(() -> Config.autoConfigure(null));
        return new ConfigBuilder(base)
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(REQUEST_RETRY_BACKOFF_LIMIT)
                .withRequestRetryBackoffInterval(REQUEST_RETRY_BACKOFF_MILLIS)
                .build();
    }

    private static Config fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(IngestProperties.KUBECONFIG + ": no kubeconfig file at '" + file + "'");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalStateException(IngestProperties.KUBECONFIG + ": kubeconfig file '" + file
                    + "' is not readable");
        }
        try {
            return Config.fromKubeconfig(file.toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException(IngestProperties.KUBECONFIG + ": cannot load kubeconfig file '" + file
                    + "': " + e.getMessage(), e);
        }
    }
}
