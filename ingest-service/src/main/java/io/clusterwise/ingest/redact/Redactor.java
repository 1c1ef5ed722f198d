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
            new Rule(anywhere(hint("private key")), "(?s)-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----.*?(?:-----END \\1PRIVATE KEY-----|\\z)",
                    m -> "-----BEGIN " + m.group(1) + "PRIVATE KEY-----" + MASK + "-----END " + m.group(1)
                            + "PRIVATE KEY-----"),
            // Authorization: Bearer abc / Authorization=Basic dXNlcjpwYXNz
            new Rule(startsWith("authorization"), "(?i)(authorization\\s*[:=]\\s*)(?:(bearer|basic|digest|token|negotiate)\\s+)?[^\\s\"',;]+",
                    m -> m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + MASK),
            // Bearer eyJ... outside a header
            new Rule(startsWith("bearer"), "(?i)\\b(bearer\\s+)[A-Za-z0-9\\-._~+/]{8,}=*", m -> m.group(1) + MASK),
            // scheme://user:password@host (no '@', no userinfo: e.g. a probe's "http://10.0.0.1:8080/ready" is not
            // scanned)
            new Rule(new Hint(lower -> lower.indexOf('@') >= 0 && lower.contains("://"), Redactor::schemeStart), "(?i)\\b([a-z][a-z0-9+.-]*://[^\\s:/@]*:)[^\\s@/]+@", m -> m.group(1) + MASK + "@"),
            // "password": "hunter2" (JSON), also as an escaped string inside a message: \"password\":\"hunter2\"
            // (the string body is written without a repeated alternation, which recurses per character in
            // java.util.regex and overflows the stack on a value of a few thousand characters)
            new Rule(anywhere(SECRET_WORD_HINT), "(?i)(\"" + KEY + "\"\\s*:\\s*\")[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"",
                    m -> m.group(1) + MASK + "\""),
            new Rule(anywhere(SECRET_WORD_HINT), "(?i)(\\\\\"" + KEY + "\\\\\"\\s*:\\s*\\\\\").*?\\\\\"", m -> m.group(1) + MASK + "\\\""),
            // password=hunter2, DB_PASSWORD: "hunter 2", --api-key=abc, ?token=abc& (a colon needs a space or a
            // quote after it, so image names like ghcr.io/acme/token-service:1.4 stay as they are)
            new Rule(anywhere(SECRET_WORD_HINT), "(?i)(?<![\\w-])(" + KEY + ")(\\s*=\\s*|\\s*:\\s+|\\s*:(?=[\"']))"
                    + "(\"[^\"]*\"|'[^']*'|[^\\s\"',;&)}\\]]+)",
                    m -> m.group(1) + m.group(2) + quoted(m.group(3))),
            // AWS access key ids: keep the 4-letter type prefix
            new Rule(startsWith("akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa"), "\\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\\b", m -> m.group(1) + MASK),
            // JWTs: base64url JSON header (always "eyJ"), payload, signature
            new Rule(startsWith("eyj"), "\\beyJ[\\w-]{5,}\\.[\\w-]{5,}\\.[\\w-]{5,}", m -> MASK),
            // well-known token formats: GitHub, GitLab, Slack
            new Rule(startsWith("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox"), "\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\\w{22,}|glpat-[\\w-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,})",
                    m -> MASK),
            // a long hex/base64 token right after a key-like word: "api key 3f9a...", "token is ab12..."
            new Rule(anywhere(SECRET_WORD_HINT), "(?i)\\b(" + SECRET_WORD + "|key)(\\s+(?:is\\s+|of\\s+)?)(?=[A-Za-z+/_-]*\\d)[A-Za-z0-9+/_-]{16,}={0,2}",
                    m -> m.group(1) + m.group(2) + MASK));

    /** The end line of a PEM private key block: its BEGIN line may have been cut off a log's tail. */
    private static final Pattern PRIVATE_KEY_END = Pattern.compile("-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY-----");

    /**
     * {@link #redact} for a text that may begin part-way through, such as the last lines of a log: when it begins
     * inside a PEM private key block (an END line before any BEGIN line), everything up to that END line is key
     * material and is masked too. (A tail that lies wholly inside a key block has neither line and cannot be told
     * from other base64.)
     */
    public Redaction redactTail(String text) {
        if (text == null || !text.contains("PRIVATE KEY-----")) {
            return redact(text);
        }
        Matcher end = PRIVATE_KEY_END.matcher(text);
        if (!end.find()) {
            return redact(text);
        }
        int begin = text.indexOf("-----BEGIN ");
        if (begin >= 0 && begin < end.start()) {
            return redact(text); // the block's beginning is there: the PEM rule masks it whole
        }
        Redaction rest = redact(text.substring(end.start()));
        return new Redaction(MASK + rest.text(), rest.count() + 1);
    }

    public Redaction redact(String text) {
        if (text == null || text.isEmpty()) {
            return new Redaction(text, 0);
        }
        String result = text;
        String lower = text.toLowerCase(Locale.ROOT);
        // the lower-cased text's indexes are the text's only when lower-casing kept the length (it does except for
        // a few characters such as U+0130, which becomes two); else every rule scans from the start
        String lowerOfResult = lower.length() == text.length() ? lower : null;
        int count = 0;
        try {
            int secretWords = -1; // the hint four rules share, tested once: -1 not yet, 0 absent, 1 present
            for (Rule rule : RULES) {
                boolean possible;
                if (rule.hint.test == SECRET_WORD_HINT) {
                    if (secretWords < 0) {
                        secretWords = SECRET_WORD_HINT.test(lower) ? 1 : 0;
                    }
                    possible = secretWords == 1;
                } else {
                    possible = rule.hint.test(lower);
                }
                if (!possible) {
                    continue; // cannot match: the regex would only scan the text in vain
                }
                int from = lowerOfResult == null ? 0 : rule.hint.from(lowerOfResult, 0);
                if (from < 0) {
                    continue; // what every match starts with is no longer there (an earlier rule masked it)
                }
                // the regex scans only from where a match can start: the first one, and after each match the next
                // one (transparent bounds keep \b and look-behinds seeing the text before the region)
                Matcher matcher = rule.pattern.matcher(result).useTransparentBounds(true).useAnchoringBounds(false);
                StringBuilder replaced = null;
                int copied = 0;
                while (from >= 0 && from < result.length()) {
                    matcher.region(from, result.length());
                    if (!matcher.find()) {
                        break;
                    }
                    if (replaced == null) {
                        replaced = new StringBuilder(result.length() + 16);
                    }
                    String found = matcher.group();
                    String replacement = found;
                    if (!found.contains(MASK)) { // a masked value is never matched again
                        replacement = rule.replacement.apply(matcher);
                        count++;
                    }
                    replaced.append(result, copied, matcher.start()).append(replacement);
                    copied = matcher.end();
                    int next = Math.max(copied, matcher.start() + 1); // (no rule matches an empty text)
                    from = lowerOfResult == null ? next : rule.hint.from(lowerOfResult, next);
                }
                if (replaced != null) {
                    replaced.append(result, copied, result.length());
                    String before = result;
                    result = replaced.toString();
                    if (!result.equals(before) && lowerOfResult != null) {
                        String lowered = result.toLowerCase(Locale.ROOT);
                        lowerOfResult = lowered.length() == result.length() ? lowered : null;
                    }
                }
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

    /** A rule whose every match starts with one of {@code words} (case-insensitively): scanning starts there. */
    private static Hint startsWith(String... words) {
        return new Hint(hint(words), (lower, fromIndex) -> {
            int first = -1;
            for (String word : words) {
                int at = lower.indexOf(word, fromIndex);
                if (at >= 0 && (first < 0 || at < first)) {
                    first = at;
                }
            }
            return first; // -1: not there (any more), no match possible
        });
    }

    /** A rule whose matches may start anywhere the hint allows: scanning starts at the beginning. */
    private static Hint anywhere(Predicate<String> hint) {
        return new Hint(hint, (lower, fromIndex) -> fromIndex);
    }

    /**
     * Where a {@code scheme://user:password@} match can start at the earliest (at or after {@code fromIndex}): the
     * run of scheme characters before the next {@code ://} (a later {@code ://} has its own run, which cannot reach
     * back across this one).
     */
    private static int schemeStart(String lower, int fromIndex) {
        int at = lower.indexOf("://", fromIndex);
        if (at < 0) {
            return -1;
        }
        while (at > fromIndex) {
            char c = lower.charAt(at - 1);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-') {
                at--;
            } else {
                break;
            }
        }
        return at;
    }

    /**
     * @param test a cheap necessary condition on the lower-cased text (masking only removes secrets, so the hint
     *             taken before the first rule holds for every later one)
     * @param start the lowest index of the (lower-cased, current) text at which a match can start; -1 when none can
     */
    private record Hint(Predicate<String> test, java.util.function.ToIntBiFunction<String, Integer> start) {
        boolean test(String lower) {
            return test.test(lower);
        }

        /** The lowest index at or after {@code fromIndex} at which a match can start; -1 when none can. */
        int from(String lower, int fromIndex) {
            return start.applyAsInt(lower, fromIndex);
        }
    }

    private record Rule(Hint hint, Pattern pattern, Function<MatchResult, String> replacement) {
        Rule(Hint hint, String regex, Function<MatchResult, String> replacement) {
            this(hint, Pattern.compile(regex), replacement);
        }
    }
}
