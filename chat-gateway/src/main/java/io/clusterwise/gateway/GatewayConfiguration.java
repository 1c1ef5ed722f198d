package io.clusterwise.gateway;

import io.clusterwise.gateway.web.StreamWriters;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class GatewayConfiguration {

    /** Answer deadlines and SSE heartbeats; one small thread per gateway context, stopped with it. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService gatewayTimer() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chat-gateway-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes every SSE stream, off the consumer and timer threads ({@code clusterwise.gateway.streams.*}). */
    @Bean(destroyMethod = "close")
    StreamWriters streamWriters(GatewayProperties properties) {
        GatewayProperties.Streams streams = properties.gateway().streams();
        return new StreamWriters(streams.writerThreads(), streams.queueCapacity());
    }
}
