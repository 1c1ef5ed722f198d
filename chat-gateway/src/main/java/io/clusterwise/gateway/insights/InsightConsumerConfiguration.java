package io.clusterwise.gateway.insights;

import io.clusterwise.contracts.Topic;
import io.clusterwise.gateway.kafka.FixedPartitions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

/** The insights consumer: every partition of {@code agent.insights} (the count from {@link Topic}), no group. */
@Configuration(proxyBeanMethods = false)
class InsightConsumerConfiguration {

    static final String CONTAINER_NAME = "chat-gateway-insights";

    @Bean
    ConcurrentMessageListenerContainer<Object, Object> insightContainer(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory, InsightListener listener,
            ScheduledExecutorService gatewayTimer) {
        TopicPartitionOffset[] partitions = IntStream.range(0, Topic.AGENT_INSIGHTS.partitions())
                .mapToObj(p -> new TopicPartitionOffset(Topic.AGENT_INSIGHTS.topicName(), p))
                .toArray(TopicPartitionOffset[]::new);
        return FixedPartitions.container(factory, CONTAINER_NAME, listener, gatewayTimer, partitions);
    }
}
