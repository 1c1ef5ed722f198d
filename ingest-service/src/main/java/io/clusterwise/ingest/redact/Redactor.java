package io.clusterwise.ingest.redact;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks values that look like credentials in free text (Event and status messages) before anything is published.
 * Pure and thread-safe. The secret part becomes {@value #MASK}; the key name, scheme or prefix stays, so the message
 * still reads, e.g. {@code DB_PASSWORD=***}, {@code Authorization: Bearer ***}, {@code postgres://app:***@db:5432}.
 * <p>
 * It errs towards masking: a word after {@code token:} is masked even when it is not a token. Rules apply in order;
 * a masked value is never matched again. A text the rules cannot be run on is withheld as a whole.
 */
@Component
public final class Redactor {

    public static final String MASK = "***";
    /** What is published instead of a message the rules could not be run on (e.g. one built to exhaust them). */
    static final String WITHHELD = MASK + " (message withheld: it could not be checked for secrets)";

    /** Words that name a secret when they are (part of) a key, e.g. {@code DB_PASSWORD}, {@code x-api-key}. */
    private static final String SECRET_WORD = "(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key"
            + "|access[_-]?key|private[_-]?key|credentials?)";
    private static final String KEY = "[\\w.-]*" + SECRET_WORD + "[\\w.-]*";

    /**
     * Lower-case words at least one of which is in any text a secret-word rule can match ({@code password} and
     * {@code passwd} contain "pass", every {@code …key} contains "key", …).
     */
    private static final Predicate<String> SECRET_WORD_HINT = hint("pass", "pwd", "secret", "token", "key", "credential");

    private static final List<Rule> RULES = List.of(
            // -----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY----- (or cut off)
            new Rule(hint("private key"), "(?s)-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----.*?(?:-----END \\1PRIVATE KEY-----|\\z)",
                    m -> "-----BEGIN " + m.group(1) + "PRIVATE KEY-----" + MASK + "-----END " + m.group(1)
                            + "PRIVATE KEY-----"),
            // Authorization: Bearer abc / Authorization=Basic dXNlcjpwYXNz
            new Rule(hint("authorization"), "(?i)(authorization\\s*[:=]\\s*)(?:(bearer|basic|digest|token|negotiate)\\s+)?[^\\s\"',;]+",
                    m -> m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + MASK),
            // Bearer eyJ... outside a header
            new Rule(hint("bearer"), "(?i)\\b(bearer\\s+)[A-Za-z0-9\\-._~+/]{8,}=*", m -> m.group(1) + MASK),
            // scheme://user:password@host
            new Rule(hint("://"), "(?i)\\b([a-z][a-z0-9+.-]*://[^\\s:/@]*:)[^\\s@/]+@", m -> m.group(1) + MASK + "@"),
            // "password": "hunter2" (JSON), also as an escaped string inside a message: \"password\":\"hunter2\"
            // (the string body is written without a repeated alternation, which recurses per character in
            // java.util.regex and overflows the stack on a value of a few thousand characters)
            new Rule(SECRET_WORD_HINT, "(?i)(\"" + KEY + "\"\\s*:\\s*\")[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"",
                    m -> m.group(1) + MASK + "\""),
            new Rule(SECRET_WORD_HINT, "(?i)(\\\\\"" + KEY + "\\\\\"\\s*:\\s*\\\\\").*?\\\\\"", m -> m.group(1) + MASK + "\\\""),
            // password=hunter2, DB_PASSWORD: "hunter 2", --api-key=abc, ?token=abc& (a colon needs a space or a
            // quote after it, so image names like ghcr.io/acme/token-service:1.4 stay as they are)
            new Rule(SECRET_WORD_HINT, "(?i)(?<![\\w-])(" + KEY + ")(\\s*=\\s*|\\s*:\\s+|\\s*:(?=[\"']))"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s\"',;&)}\\]]+)",
                    m -> m.group(1) + m.group(2) + quoted(m.group(3))),
            // AWS access key ids: keep the 4-letter type prefix
            new Rule(hint("akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa"), "\\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\\b", m -> m.group(1) + MASK),
            // JWTs: base64url JSON header (always "eyJ"), payload, signature
            new Rule(hint("eyj"), "\\beyJ[\\w-]{5,}\\.[\\w-]{5,}\\.[\\w-]{5,}", m -> MASK),
            // well-known token formats: GitHub, GitLab, Slack
            new Rule(hint("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox"), "\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\\w{22,}|glpat-[\\w-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,})",
                    m -> MASK),
            // a long hex/base64 token right after a key-like word: "api key 3f9a...", "token is ab12..."
            new Rule(SECRET_WORD_HINT, "(?i)\\b(" + SECRET_WORD + "|key)(\\s+(?:is\\s+|of\\s+)?)(?=[A-Za-z+/_-]*\\d)[A-Za-z0-9+/_-]{16,}={0,2}",
                    m -> m.group(1) + m.group(2) + MASK));

    public Redaction redact(String text) {
        if (text == null || text.isEmpty()) {
            return new Redaction(text, 0);
        }
        String result = text;
        String lower = text.toLowerCase(Locale.ROOT);
        int count = 0;
        try {
            for (Rule rule : RULES) {
                if (!rule.hint.test(lower)) {
                    continue; // cannot match: the regex would only scan the text in vain
                }
                Matcher matcher = rule.pattern.matcher(result);
                int[] found = {0};
                result = matcher.replaceAll(match -> {
                    if (match.group().contains(MASK)) {
                        return Matcher.quoteReplacement(match.group());
                    }
                    found[0]++;
                    return Matcher.quoteReplacement(rule.replacement.apply(match));
                });
                count += found[0];
            }
        } catch (StackOverflowError e) {
            // java.util.regex recurses on some repetitions; a pathological text must neither kill the caller's
            // thread nor be published unchecked
            return new Redaction(WITHHELD, 1);
        }
        return new Redaction(result, count);
    }

    private static String quoted(String value) {
        char first = value.charAt(0);
        return first == '"' || first == '\'' ? first + MASK + first : MASK;
    }

    /** True when the lower-cased text contains one of {@code words}: a necessary condition for a rule to match. */
    private static Predicate<String> hint(String... words) {
        return lower -> {
            for (String word : words) {
                if (lower.contains(word)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * @param hint a cheap necessary condition on the lower-cased text (masking only removes secrets, so the hint
     *             taken before the first rule holds for every later one)
     */
    private record Rule(Predicate<String> hint, Pattern pattern, Function<MatchResult, String> replacement) {
        Rule(Predicate<String> hint, String regex, Function<MatchResult, String> replacement) {
            this(hint, Pattern.compile(regex), replacement);
        }
    }
}
