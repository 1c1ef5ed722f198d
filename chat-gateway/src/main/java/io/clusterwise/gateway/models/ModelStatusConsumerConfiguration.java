package io.clusterwise.gateway.models;

import io.clusterwise.contracts.Topic;
import io.clusterwise.gateway.kafka.FixedPartitions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import java.util.concurrent.ScheduledExecutorService;

/** Every partition of the compacted {@code agent.models}, from the beginning at each start, no group. */
@Configuration(proxyBeanMethods = false)
class ModelStatusConsumerConfiguration {

    static final String CONTAINER_NAME = "chat-gateway-models";

    @Bean
    ConcurrentMessageListenerContainer<Object, Object> modelStatusContainer(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory, ModelStatusListener listener,
            ScheduledExecutorService gatewayTimer) {
        return FixedPartitions.container(factory, CONTAINER_NAME, listener, gatewayTimer,
                FixedPartitions.every(Topic.AGENT_MODELS, TopicPartitionOffset.SeekPosition.BEGINNING));
    }
}
