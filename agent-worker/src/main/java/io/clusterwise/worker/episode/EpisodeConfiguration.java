package io.clusterwise.worker.episode;

import io.clusterwise.contracts.kafka.DeadLetters;
import org.springframework.beans.factory.ObjectProvider;
import io.clusterwise.contracts.Suppression;
import io.clusterwise.contracts.Topic;
import io.clusterwise.worker.WorkerProperties;
import io.clusterwise.worker.ollama.ModelStream;
import io.clusterwise.worker.state.ClusterView;
import io.clusterwise.worker.state.CompactedFeed;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class EpisodeConfiguration {

    @Bean
    Suppressions suppressions() {
        return new Suppressions();
    }

    @Bean
    CompactedFeed suppressionFeed(KafkaProperties kafka, Suppressions suppressions,
                                  ObjectProvider<DeadLetters> deadLetters) {
        CompactedFeed feed = new CompactedFeed(Topic.AGENT_SUPPRESSIONS, kafka::buildConsumerProperties,
                (id, payload) -> suppressions.apply(id, payload instanceof Suppression s ? s : null));
        deadLetters.ifAvailable(feed::deadLetterTo);
        suppressions.loadedWhen(feed::caughtUp);
        return feed;
    }

    @Bean
    EpisodeKeeper episodeKeeper(KafkaProperties kafka, ClusterView view, Suppressions suppressions, ModelStream model,
                                WorkerProperties properties, Clock clock, ObjectProvider<DeadLetters> deadLetters) {
        WorkerProperties.Episodes e = properties.worker().episodes();
        EpisodeKeeper keeper = new EpisodeKeeper(kafka::buildConsumerProperties, kafka::buildProducerProperties, view,
                suppressions, new Explainer(model), new EpisodeRules(e.quietPeriod(), e.escalationFactor()),
                new EpisodeKeeper.Settings(properties.clusterName(), e.checkInterval(), e.explanationTimeout(),
                        e.ownerGrace()),
                clock);
        deadLetters.ifAvailable(keeper::deadLetterTo);
        return keeper;
    }
}
