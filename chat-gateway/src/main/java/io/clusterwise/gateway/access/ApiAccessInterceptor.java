package io.clusterwise.gateway.access;

import io.clusterwise.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * In front of every {@code /api/**} handler: the optional bearer token ({@code clusterwise.gateway.auth-token}; 401
 * without it) and the per-client rate limit on requests that change something ({@code POST}, {@code PUT},
 * {@code DELETE}; 429 with {@code Retry-After}) and on reads that make a worker work ({@code GET /api/diagnose},
 * {@code /api/namespaces}: each is a Kafka request a worker answers). Other reads are not limited: the page loads and
 * reconnects its insight stream with them. The client is the remote address as the servlet container sees it (behind a proxy, set
 * {@code server.forward-headers-strategy=native} so that it is the caller's, not the proxy's). The token is compared
 * in constant time and never logged. A request is checked once: the async dispatch that ends a chat's stream passes.
 */
@Component
class ApiAccessInterceptor implements HandlerInterceptor {

    private final byte[] token;
    private final Optional<RateLimiter> limiter;
    private final GatewayProperties.RateLimit rateLimit;
    private final Counter unauthorized;
    private final Counter rateLimited;

    ApiAccessInterceptor(GatewayProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        GatewayProperties.Gateway gateway = properties.gateway();
        this.token = gateway.authEnabled() ? gateway.authToken().getBytes(StandardCharsets.UTF_8) : null;
        this.rateLimit = gateway.rateLimit();
        this.limiter = rateLimit.enabled() ? Optional.of(new RateLimiter(rateLimit, System::nanoTime))
                : Optional.empty();
        MeterRegistry registry = meterRegistry.getIfAvailable(SimpleMeterRegistry::new);
        this.unauthorized = rejected(registry, "unauthorized");
        this.rateLimited = rejected(registry, "rate_limited");
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder("clusterwise.gateway.requests.rejected")
                .description("API requests refused before reaching a handler")
                .tag("reason", reason)
                .register(registry);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // the end of a stream this request started (a chat's SSE completing is dispatched through the MVC chain
            // again): it was let in once, and must not count against the client's limit a second time
            return true;
        }
        if (token != null && !authorized(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            unauthorized.increment();
            throw unauthorized();
        }
        if (limiter.isPresent() && (changes(request.getMethod()) || asksAWorker(request.getRequestURI()))) {
            RateLimiter.Decision decision = limiter.get().tryAcquire(request.getRemoteAddr());
            if (!decision.allowed()) {
                rateLimited.increment();
                throw tooManyRequests(decision.retryAfterSeconds());
            }
        }
        return true;
    }

    private boolean authorized(String header) {
        String prefix = "Bearer ";
        if (header == null || header.length() <= prefix.length()
                || !header.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        byte[] given = header.substring(prefix.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    private static boolean changes(String method) {
        return !HttpMethod.GET.matches(method) && !HttpMethod.HEAD.matches(method)
                && !HttpMethod.OPTIONS.matches(method);
    }

    private static boolean asksAWorker(String path) {
        return path != null && (path.equals("/api/diagnose") || path.equals("/api/namespaces"));
    }

    private static ErrorResponseException unauthorized() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "this gateway requires a bearer token: send 'Authorization: Bearer <token>'"
                        + " (the token set in clusterwise.gateway.auth-token)");
        problem.setTitle("Authentication required");
        ErrorResponseException e = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
        e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"clusterwise\"");
        return e;
    }

    private ErrorResponseException tooManyRequests(long retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                "this client sent more than " + rateLimit.burst() + " requests at once or more than "
                        + rateLimit.requestsPerMinute() + " a minute (clusterwise.gateway.rate-limit.burst,"
                        + " clusterwise.gateway.rate-limit.requests-per-minute); try again in " + retryAfterSeconds
                        + " s");
        problem.setTitle("Too many requests");
        ErrorResponseException e = new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return e;
    }
}
