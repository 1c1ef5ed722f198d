package io.clusterwise.gateway.access;

import io.clusterwise.gateway.GatewayProperties;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(new GatewayProperties.RateLimit(6, 3), nanos::get);

    @Test
    void shouldRefuseWithRetryAfterWhenAClientExceedsTheBurst() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1").allowed()).isTrue();
        }
        RateLimiter.Decision refused = limiter.tryAcquire("10.0.0.1");
        assertThat(refused.allowed()).isFalse();
        // 6 a minute = one every 10 s
        assertThat(refused.retryAfterSeconds()).isEqualTo(10);
    }

    @Test
    void shouldAllowAgainWhenTheBucketHasRefilled() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("10.0.0.1");
        }
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(4));
        RateLimiter.Decision stillRefused = limiter.tryAcquire("10.0.0.1");
        assertThat(stillRefused.allowed()).isFalse();
        assertThat(stillRefused.retryAfterSeconds()).isEqualTo(6);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertThat(limiter.tryAcquire("10.0.0.1").allowed()).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1").allowed()).isFalse();
    }

    @Test
    void shouldCountEachClientSeparatelyWhenSeveralSendAtOnce() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("10.0.0.1");
        }
        assertThat(limiter.tryAcquire("10.0.0.1").allowed()).isFalse();
        assertThat(limiter.tryAcquire("10.0.0.2").allowed()).isTrue();
    }

    @Test
    void shouldForgetQuietClientsWhenTooManyAreTracked() {
        for (int i = 0; i < RateLimiter.MAX_CLIENTS; i++) {
            limiter.tryAcquire("client-" + i);
        }
        nanos.addAndGet(TimeUnit.MINUTES.toNanos(1)); // all buckets full again
        limiter.tryAcquire("one-more");
        assertThat(limiter.clients()).isEqualTo(1);
    }
}
