package io.clusterwise.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class ChatGatewayApplication {

    /** Configuration lives in {@code chat-gateway.properties}, so the three services can share one JVM in the local stack. */
    public static final String CONFIG_NAME = "chat-gateway";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ChatGatewayApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
