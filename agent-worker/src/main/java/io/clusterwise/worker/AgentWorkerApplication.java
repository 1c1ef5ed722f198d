package io.clusterwise.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

@SpringBootApplication
public class AgentWorkerApplication {

    /** Configuration lives in {@code agent-worker.properties}, so the three services can share one JVM in the local stack. */
    public static final String CONFIG_NAME = "agent-worker";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(AgentWorkerApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
