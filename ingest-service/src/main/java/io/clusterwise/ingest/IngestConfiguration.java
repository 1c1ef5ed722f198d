package io.clusterwise.ingest;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.ingest.leader.LeaderElection;
import io.clusterwise.ingest.logs.ContainerLogs;
import io.clusterwise.ingest.normalize.ObservedNormalizer;
import io.clusterwise.ingest.publish.IngestPublisher;
import io.clusterwise.ingest.publish.OutgoingSender;
import io.clusterwise.ingest.publish.PublishedHistory;
import io.clusterwise.ingest.redact.Redactor;
import io.clusterwise.ingest.watch.ClusterWatch;
import io.clusterwise.ingest.watch.ObservedQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;

/**
 * The live ingest ({@code clusterwise.ingest.source=cluster}, the default): informers → queue → publisher, and the
 * container log reader (when {@code clusterwise.ingest.logs.enabled}) fed by the publisher.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = IngestProperties.SOURCE, havingValue = "cluster", matchIfMissing = true)
class IngestConfiguration {

    @Bean
    ObservedNormalizer observedNormalizer(ClusterWatch watch, Redactor redactor, IngestMetrics metrics,
                                          IngestProperties properties) {
        return new ObservedNormalizer(watch, redactor, metrics, properties.ingest().dedupCapacity());
    }

    @Bean
    OutgoingSender outgoingSender(KafkaTemplate<String, Envelope<?>> kafka, IngestMetrics metrics,
                                  IngestProperties properties) {
        return new OutgoingSender(kafka, metrics, properties.clusterName());
    }

    @Bean
    IngestPublisher ingestPublisher(ObservedQueue queue, ObservedNormalizer normalizer, OutgoingSender sender,
                                    IngestMetrics metrics, IngestProperties properties,
                                    ObjectProvider<ContainerLogs> logs) {
        ContainerLogs reader = logs.getIfAvailable();
        return new IngestPublisher(queue, normalizer, sender, metrics, Clock.systemUTC(), properties.clusterName(),
                reader == null ? observed -> { } : reader::observe);
    }

    @Bean
    LeaderElection leaderElection(KafkaProperties kafka, ObservedNormalizer normalizer, ClusterWatch watch,
                                  ObservedQueue queue, OutgoingSender sender, IngestProperties properties,
                                  ObjectProvider<ContainerLogs> logs) {
        PublishedHistory history = new PublishedHistory(kafka.buildConsumerProperties(), properties.clusterName());
        return new LeaderElection(properties.ingest().leaderElection(), kafka.buildConsumerProperties(),
                new ClusterActivation(history, normalizer, watch, queue, sender, logs.getIfAvailable()),
                properties.clusterName());
    }
}
