package io.clusterwise.worker.insight;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.worker.WorkerProperties;
import io.clusterwise.worker.analysis.Analysis;
import io.clusterwise.worker.window.EventWindow;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class InsightConfiguration {

    @Bean
    InsightDetector insightDetector(EventWindow window, Analysis analysis, KafkaTemplate<String, Envelope<?>> kafka,
                                    WorkerProperties properties, Clock clock) {
        return new InsightDetector(window, analysis, kafka, properties.clusterName(), clock);
    }
}
