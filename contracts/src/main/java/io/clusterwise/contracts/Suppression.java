package io.clusterwise.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mute, on the compacted {@code agent.suppressions} topic, keyed by {@code id}; a tombstone on that key un-mutes.
 * While it has not expired, no insight is published for an episode whose fingerprint it matches.
 * <p>
 * Exactly one of {@code fingerprint} (one episode, as in {@link Insight#fingerprint()}) and {@code pattern} is set.
 * A pattern is a glob over fingerprints: {@code *} matches any run of characters, everything else matches itself,
 * e.g. {@code CrashLoopBackOff:Deployment/demo/*} or {@code *:Deployment/staging/*}.
 *
 * @param id        the suppression's id (the Kafka key)
 * @param reason    why it was muted, as the person said it; may be null
 * @param createdBy who muted it (user or client id); may be null
 * @param expiresAt when it stops applying
 */
public record Suppression(String id, String fingerprint, String pattern, String reason, String createdBy,
                          Instant createdAt, Instant expiresAt) implements Payload {

    public Suppression {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        boolean hasFingerprint = fingerprint != null && !fingerprint.isBlank();
        boolean hasPattern = pattern != null && !pattern.isBlank();
        if (hasFingerprint == hasPattern) {
            throw new IllegalArgumentException("a suppression names exactly one of fingerprint and pattern");
        }
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Whether this suppression silences the episode with this fingerprint at {@code now}. */
    public boolean matches(String episodeFingerprint, Instant now) {
        if (episodeFingerprint == null || expired(now)) {
            return false;
        }
        if (fingerprint != null && !fingerprint.isBlank()) {
            return fingerprint.equals(episodeFingerprint);
        }
        return globToRegex(pattern).matcher(episodeFingerprint).matches();
    }

    private static Pattern globToRegex(String glob) {
        String[] literals = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
