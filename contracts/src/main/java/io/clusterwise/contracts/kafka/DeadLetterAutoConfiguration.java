package io.clusterwise.contracts.kafka;

import io.clusterwise.contracts.Topic;
import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeSerializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * Every clusterwise service that consumes gets the same error handling: a failed record is retried twice, then
 * published to its topic's dead-letter topic ({@link Topic#deadLetterTopicName()}, same partition) with spring-kafka's
 * exception headers, and the consumer goes on. Records that cannot be deserialized are not retried.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(DefaultErrorHandler.class)
public class DeadLetterAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    @ConditionalOnBean(ProducerFactory.class)
    DefaultErrorHandler clusterwiseErrorHandler(DeadLetters deadLetters) {
        return deadLetters.errorHandler(record -> true);
    }

    @Bean
    @ConditionalOnBean(ProducerFactory.class)
    DeadLetterProducer clusterwiseDeadLetterProducer(ProducerFactory<?, ?> producerFactory) {
        return new DeadLetterProducer(deadLetterProducerFactory(producerFactory));
    }

    @Bean
    @ConditionalOnBean(ProducerFactory.class)
    DeadLetters clusterwiseDeadLetters(DeadLetterProducer deadLetterProducer) {
        return new DeadLetters(deadLetterProducer.template());
    }

    /** Owns the dead-letter producer, so it is closed with the context rather than left reconnecting. */
    static final class DeadLetterProducer implements DisposableBean {
        private final DefaultKafkaProducerFactory<Object, Object> factory;
        private final KafkaTemplate<Object, Object> template;

        DeadLetterProducer(DefaultKafkaProducerFactory<Object, Object> factory) {
            this.factory = factory;
            this.template = new KafkaTemplate<>(factory);
        }

        KafkaTemplate<Object, Object> template() {
            return template;
        }

        @Override
        public void destroy() {
            factory.destroy();
        }
    }

    /**
     * A record that failed deserialization is dead-lettered as its original bytes, one that failed in the listener as
     * the envelope it was: the factory serializes both, with the service's own producer settings.
     */
    private static DefaultKafkaProducerFactory<Object, Object> deadLetterProducerFactory(
            ProducerFactory<?, ?> producerFactory) {
        Map<String, Object> props = new HashMap<>(producerFactory.getConfigurationProperties());
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        Map<Class<?>, Serializer<?>> keys = new LinkedHashMap<>();
        keys.put(byte[].class, new ByteArraySerializer());
        keys.put(String.class, new StringSerializer());
        Map<Class<?>, Serializer<?>> values = new LinkedHashMap<>();
        values.put(byte[].class, new ByteArraySerializer());
        values.put(Envelope.class, new EnvelopeSerializer());
        values.put(String.class, new StringSerializer());
        return new DefaultKafkaProducerFactory<>(props,
                new DelegatingByTypeSerializer(keys, true), new DelegatingByTypeSerializer(values, true));
    }

    static TopicPartition deadLetterDestination(ConsumerRecord<?, ?> record, Exception ex) {
        String dlt = Topic.fromName(record.topic())
                .map(Topic::deadLetterTopicName)
                .orElse(record.topic() + Topic.DEAD_LETTER_SUFFIX);
        return new TopicPartition(dlt, record.partition());
    }

    static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
