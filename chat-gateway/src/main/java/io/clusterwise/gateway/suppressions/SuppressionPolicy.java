package io.clusterwise.gateway.suppressions;

import io.clusterwise.contracts.Suppression;
import io.clusterwise.gateway.GatewayProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** What a mute must look like; every refusal is a 400 problem detail that says what is wrong. */
@Component
class SuppressionPolicy {

    static final int MAX_FINGERPRINT_LENGTH = 512;
    static final int MAX_REASON_LENGTH = 500;
    static final int MAX_ID_LENGTH = 128;
    static final String ANONYMOUS = "anonymous";

    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final Clock clock;

    @Autowired
    SuppressionPolicy(GatewayProperties properties) {
        this(properties.gateway().suppressions(), Clock.systemUTC());
    }

    SuppressionPolicy(GatewayProperties.Suppressions settings, Clock clock) {
        this.defaultTtl = settings.defaultTtl();
        this.maxTtl = settings.maxTtl();
        this.clock = clock;
    }

    Suppression check(SuppressionRequest request) {
        String fingerprint = blankToNull(request.fingerprint());
        String pattern = blankToNull(request.pattern());
        if ((fingerprint == null) == (pattern == null)) {
            throw invalid("send exactly one of fingerprint (one episode, e.g. "
                    + "\"CrashLoopBackOff:Deployment/demo/greeter:3f9a1c\") and pattern (a glob with *, e.g. "
                    + "\"CrashLoopBackOff:Deployment/demo/*\")");
        }
        String target = fingerprint != null ? fingerprint : pattern;
        String field = fingerprint != null ? "fingerprint" : "pattern";
        if (target.length() > MAX_FINGERPRINT_LENGTH || hasControlCharacters(target)) {
            throw invalid(field + " must be at most " + MAX_FINGERPRINT_LENGTH
                    + " characters without control characters");
        }
        if (pattern != null && pattern.chars().allMatch(c -> c == '*')) {
            throw invalid("pattern '" + pattern + "' would mute every insight; name at least part of a fingerprint");
        }
        String reason = blankToNull(request.reason());
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw invalid("reason must be at most " + MAX_REASON_LENGTH + " characters");
        }
        String createdBy = blankToNull(request.createdBy());
        if (createdBy != null && (createdBy.length() > MAX_ID_LENGTH || hasControlCharacters(createdBy))) {
            throw invalid("createdBy must be at most " + MAX_ID_LENGTH + " characters without control characters");
        }
        Duration ttl = ttl(request.ttl());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Suppression(UUID.randomUUID().toString(), fingerprint, pattern, reason,
                createdBy == null ? ANONYMOUS : createdBy, now, now.plus(ttl));
    }

    /** An id as {@code DELETE /api/suppressions/{id}} accepts it. */
    String checkId(String id) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || hasControlCharacters(id)) {
            throw invalid("a suppression id is 1 to " + MAX_ID_LENGTH + " characters without control characters");
        }
        return id;
    }

    private Duration ttl(String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultTtl;
        }
        Duration ttl;
        try {
            ttl = Duration.parse(requested.strip());
        } catch (DateTimeParseException e) {
            throw invalid("ttl '" + requested + "' is not an ISO-8601 duration such as PT8H or P7D");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw invalid("ttl must be positive, e.g. PT8H");
        }
        if (ttl.compareTo(maxTtl) > 0) {
            throw invalid("ttl " + ttl + " is longer than the maximum " + maxTtl
                    + " (clusterwise.gateway.suppressions.max-ttl)");
        }
        return ttl;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    static ErrorResponseException invalid(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid suppression");
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
