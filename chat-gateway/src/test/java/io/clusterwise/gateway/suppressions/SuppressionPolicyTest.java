package io.clusterwise.gateway.suppressions;

import io.clusterwise.contracts.Suppression;
import io.clusterwise.gateway.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuppressionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final String FINGERPRINT = "CrashLoopBackOff:Deployment/demo/greeter:3f9a1c";

    private final SuppressionPolicy policy = new SuppressionPolicy(
            new GatewayProperties.Suppressions(Duration.ofHours(24), Duration.ofDays(30)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldMuteForTheDefaultTtlWhenNoneIsGiven() {
        Suppression s = policy.check(new SuppressionRequest(FINGERPRINT, null, "known, fix tomorrow", null, null));
        assertThat(s.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(s.pattern()).isNull();
        assertThat(s.reason()).isEqualTo("known, fix tomorrow");
        assertThat(s.createdBy()).isEqualTo("anonymous");
        assertThat(s.createdAt()).isEqualTo(NOW);
        assertThat(s.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(s.id()).matches("[0-9a-f-]{36}");
        assertThat(s.matches(FINGERPRINT, NOW)).isTrue();
    }

    @Test
    void shouldMuteAFamilyForTheGivenTtlWhenAPatternIsGiven() {
        Suppression s = policy.check(new SuppressionRequest(null, "CrashLoopBackOff:Deployment/demo/*", null,
                "alice", "PT8H"));
        assertThat(s.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(8)));
        assertThat(s.createdBy()).isEqualTo("alice");
        assertThat(s.matches(FINGERPRINT, NOW)).isTrue();
    }

    @Test
    void shouldRefuseWhenBothOrNeitherOfFingerprintAndPatternAreGiven() {
        assertRefused(new SuppressionRequest(FINGERPRINT, "Crash*", null, null, null),
                "send exactly one of fingerprint");
        assertRefused(new SuppressionRequest(" ", null, null, null, null), "send exactly one of fingerprint");
    }

    @Test
    void shouldRefuseWhenThePatternWouldMuteEverything() {
        assertRefused(new SuppressionRequest(null, "**", null, null, null), "would mute every insight");
    }

    @Test
    void shouldRefuseNamingTheKeyWhenTheTtlIsLongerThanTheMaximum() {
        assertRefused(new SuppressionRequest(FINGERPRINT, null, null, null, "P31D"),
                "ttl PT744H is longer than the maximum PT720H (clusterwise.gateway.suppressions.max-ttl)");
    }

    @Test
    void shouldRefuseWhenTheTtlIsNotAPositiveIsoDuration() {
        assertRefused(new SuppressionRequest(FINGERPRINT, null, null, null, "8 hours"),
                "ttl '8 hours' is not an ISO-8601 duration such as PT8H or P7D");
        assertRefused(new SuppressionRequest(FINGERPRINT, null, null, null, "-PT1H"), "ttl must be positive");
    }

    @Test
    void shouldRefuseWhenAFieldIsTooLong() {
        assertRefused(new SuppressionRequest("x".repeat(513), null, null, null, null),
                "fingerprint must be at most 512 characters");
        assertRefused(new SuppressionRequest(FINGERPRINT, null, "r".repeat(501), null, null),
                "reason must be at most 500 characters");
    }

    private void assertRefused(SuppressionRequest request, String detail) {
        assertThatThrownBy(() -> policy.check(request))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getBody().getDetail()).contains(detail);
                });
    }
}
