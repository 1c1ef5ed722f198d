package io.clusterwise.gateway.testing;

import io.clusterwise.gateway.GatewayProperties;

import java.time.Duration;

/** Gateway properties with the documented defaults, for unit tests that build one class by hand. */
public final class TestProperties {

    public static final GatewayProperties.Conversations CONVERSATIONS =
            new GatewayProperties.Conversations(10000, 8, Duration.ofHours(2));
    public static final GatewayProperties.Suppressions SUPPRESSIONS =
            new GatewayProperties.Suppressions(Duration.ofHours(24), Duration.ofDays(30));
    public static final GatewayProperties.RateLimit RATE_LIMIT = new GatewayProperties.RateLimit(30, 10);
    public static final GatewayProperties.Streams STREAMS = new GatewayProperties.Streams(4, 512);

    private TestProperties() {
    }

    public static GatewayProperties withInsights(GatewayProperties.Insights insights) {
        return new GatewayProperties("local", new GatewayProperties.Gateway(0, Duration.ofSeconds(90), 4000, 256,
                Duration.ofSeconds(15), Duration.ofSeconds(10), 64, Duration.ofMinutes(2), insights, CONVERSATIONS,
                SUPPRESSIONS, RATE_LIMIT, STREAMS, "", 65536));
    }
}
