package io.clusterwise.gateway.suppressions;

import io.clusterwise.contracts.Topic;
import io.clusterwise.gateway.kafka.FixedPartitions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import java.util.concurrent.ScheduledExecutorService;

/** Every partition of the compacted {@code agent.suppressions}, from the beginning at each start, no group. */
@Configuration(proxyBeanMethods = false)
class SuppressionConsumerConfiguration {

    static final String CONTAINER_NAME = "chat-gateway-suppressions";

    @Bean
    ConcurrentMessageListenerContainer<Object, Object> suppressionContainer(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory, SuppressionListener listener,
            ScheduledExecutorService gatewayTimer) {
        return FixedPartitions.container(factory, CONTAINER_NAME, listener, gatewayTimer,
                FixedPartitions.every(Topic.AGENT_SUPPRESSIONS, TopicPartitionOffset.SeekPosition.BEGINNING));
    }
}
