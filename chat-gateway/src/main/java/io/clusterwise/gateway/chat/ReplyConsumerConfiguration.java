package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.Topic;
import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.kafka.FixedPartitions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The reply consumer: only {@code agent.replies-<clusterwise.gateway.reply-partition>}, by fixed assignment (no
 * group: nothing to rebalance, no offsets to commit), starting at the END each time it starts — replies to questions
 * asked before this instance started have no stream to go to.
 */
@Configuration(proxyBeanMethods = false)
class ReplyConsumerConfiguration {

    static final String CONTAINER_NAME = "chat-gateway-replies";

    @Bean
    ConcurrentMessageListenerContainer<Object, Object> replyContainer(
            ConcurrentKafkaListenerContainerFactory<Object, Object> factory, ReplyListener listener,
            GatewayProperties properties, ScheduledExecutorService gatewayTimer) {
        return FixedPartitions.container(factory, CONTAINER_NAME, listener, gatewayTimer,
                new TopicPartitionOffset(Topic.AGENT_REPLIES.topicName(), properties.gateway().replyPartition(),
                        TopicPartitionOffset.SeekPosition.END));
    }
}
