package io.clusterwise.gateway.access;

import io.clusterwise.gateway.GatewayProperties;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code burst} requests at once, refilled at {@code requests-per-minute}. At most
 * {@link #MAX_CLIENTS} buckets are kept; beyond that, buckets that are full again (clients that have been quiet long
 * enough to be owed nothing) are dropped, which forgets nothing that matters.
 */
final class RateLimiter {

    static final int MAX_CLIENTS = 10_000;

    /** @param retryAfterSeconds when refused, whole seconds until one request will be allowed again */
    record Decision(boolean allowed, long retryAfterSeconds) {
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt = clock.getAsLong();

        synchronized Decision take() {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, 0);
            }
            double missingNanos = (1 - tokens) / tokensPerNano;
            return new Decision(false, Math.max(1, (long) Math.ceil(missingNanos / TimeUnit.SECONDS.toNanos(1))));
        }

        synchronized boolean full() {
            refill();
            return tokens >= burst;
        }

        private void refill() {
            long now = clock.getAsLong();
            tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
            refilledAt = now;
        }
    }

    private final int burst;
    private final double tokensPerNano;
    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param nanoClock monotonic nanoseconds ({@code System::nanoTime}; tests drive their own) */
    RateLimiter(GatewayProperties.RateLimit settings, LongSupplier nanoClock) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("rate limit is off (clusterwise.gateway.rate-limit.requests-per-minute=0)");
        }
        this.burst = settings.burst();
        this.tokensPerNano = settings.requestsPerMinute() / (double) TimeUnit.MINUTES.toNanos(1);
        this.clock = nanoClock;
    }

    Decision tryAcquire(String client) {
        if (buckets.size() >= MAX_CLIENTS && !buckets.containsKey(client)) {
            buckets.values().removeIf(Bucket::full);
        }
        return buckets.computeIfAbsent(client, c -> new Bucket()).take();
    }

    int clients() {
        return buckets.size();
    }
}
