package io.clusterwise.devstack;

import io.clusterwise.gateway.ChatGatewayApplication;
import io.clusterwise.ingest.IngestServiceApplication;
import io.clusterwise.worker.AgentWorkerApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts one clusterwise service in this JVM, in its own Spring context, through its {@code XxxApplication.builder()}:
 * how {@link LocalStack} starts its three services, and how tests that stop and restart single services (the
 * reliability suite) start them.
 */
public final class ServiceLauncher {

    private ServiceLauncher() {
    }

    /**
     * @param part       {@link StackPart#INGEST}, {@link StackPart#WORKER} or {@link StackPart#GATEWAY}
     * @param port       its HTTP port (0 = a free one; read it back with {@link #port(ConfigurableApplicationContext)})
     * @param bootstrap  the Kafka bootstrap servers
     * @param properties its own properties; they win over the defaults set here
     * @throws IllegalStateException naming the service and the root cause when it does not start
     */
    public static ConfigurableApplicationContext start(StackPart part, int port, String bootstrap,
                                                       Map<String, String> properties) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("server.port", Integer.toString(port));
        props.put("spring.kafka.bootstrap-servers", bootstrap);
        // one JVM, one logging system: a per-context application name in log lines would name the wrong service
        props.put("logging.include-application-name", "false");
        // keep each context's meters to itself rather than in Micrometer's JVM-wide registry
        props.put("management.metrics.use-global-registry", "false");
        props.putAll(properties);
        List<String> args = new ArrayList<>();
        props.forEach((k, v) -> args.add("--" + k + "=" + v));
        try {
            // main(...): Spring names the application class in its log lines; it would guess the caller's main class
            return builder(part).get().main(application(part)).registerShutdownHook(false)
                    .bannerMode(Banner.Mode.OFF).run(args.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new IllegalStateException(part.displayName() + " did not start: " + rootMessage(e), e);
        }
    }

    /** The HTTP port a started service listens on. */
    public static int port(ConfigurableApplicationContext context) {
        Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
        if (port == null) {
            throw new IllegalStateException("the service has no HTTP port yet");
        }
        return port;
    }

    /** The main class of a service: what a separate JVM running it is started with. */
    public static Class<?> application(StackPart part) {
        return switch (part) {
            case INGEST -> IngestServiceApplication.class;
            case WORKER -> AgentWorkerApplication.class;
            case GATEWAY -> ChatGatewayApplication.class;
            case KAFKA -> throw new IllegalArgumentException("Kafka is not a Spring service");
        };
    }

    private static Supplier<SpringApplicationBuilder> builder(StackPart part) {
        return switch (part) {
            case INGEST -> IngestServiceApplication::builder;
            case WORKER -> AgentWorkerApplication::builder;
            case GATEWAY -> ChatGatewayApplication::builder;
            case KAFKA -> throw new IllegalArgumentException("Kafka is not a Spring service");
        };
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getMessage();
    }
}
