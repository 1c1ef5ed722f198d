package io.clusterwise.worker.state;

import io.clusterwise.contracts.kafka.DeadLetters;
import org.springframework.beans.factory.ObjectProvider;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Topic;
import io.clusterwise.worker.WorkerProperties;
import io.clusterwise.worker.diagnosis.Diagnosis;
import io.clusterwise.worker.logs.ContainerLogStore;
import io.clusterwise.worker.window.EventWindow;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class StateConfiguration {

    @Bean
    ClusterStateStore clusterStateStore(WorkerProperties properties) {
        return new ClusterStateStore(properties.worker().state().maxObjects());
    }

    @Bean
    ClusterView clusterView(EventWindow window, ClusterStateStore store, ContainerLogStore logs,
                            CompactedFeed clusterStateFeed, Clock clock) {
        return new ClusterView(window, store, logs, Diagnosis.standard(), clock,
                () -> window.caughtUp() && clusterStateFeed.caughtUp());
    }

    @Bean
    CompactedFeed clusterStateFeed(KafkaProperties kafka, ClusterStateStore store, ContainerLogStore logs,
                                   ObjectProvider<DeadLetters> deadLetters) {
        CompactedFeed feed = new CompactedFeed(Topic.CLUSTER_STATE, kafka::buildConsumerProperties,
                (uid, payload) -> {
                    store.apply(uid, payload instanceof ObjectSnapshot s ? s : null);
                    if (payload == null) {
                        logs.forgetPod(uid); // a deleted pod's log lines are no evidence any more
                    }
                });
        deadLetters.ifAvailable(feed::deadLetterTo);
        return feed;
    }
}
