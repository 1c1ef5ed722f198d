package io.clusterwise.ingest.logs;

import io.clusterwise.ingest.redact.Redaction;
import io.clusterwise.ingest.redact.Redactor;

import java.util.ArrayList;
import java.util.List;

/**
 * A log as the API returned it → the lines published: redacted, split, each at most {@value #MAX_LINE_CHARS}
 * characters. Pure and thread-safe.
 * <ul>
 *   <li>The whole text is redacted at once, before it is split or cut, so a secret that spans lines (a PEM private key
 *   block) or would be cut in two is still recognised; a text that begins inside a key block is masked up to the
 *   block's end ({@link Redactor#redactTail}).</li>
 *   <li>When the byte limit cut the text in the middle of a line, that partial last line is left out (a cut secret
 *   may not be recognisable), unless it is the only line.</li>
 *   <li>{@code truncated} when the limits may have cut something: the byte limit was reached, the line limit was
 *   reached (earlier lines may exist), or a line was longer than {@value #MAX_LINE_CHARS} characters.</li>
 * </ul>
 */
final class LogLines {

    /** Longer lines are cut here (after redaction) and end with {@value #CUT}. */
    static final int MAX_LINE_CHARS = 4096;
    static final String CUT = " …";

    private final Redactor redactor;

    LogLines(Redactor redactor) {
        this.redactor = redactor;
    }

    /** The published form of a log: its lines, whether the limits cut it, and how many secrets were masked. */
    record Text(List<String> lines, boolean truncated, int redactions) {
    }

    /**
     * @param text       the log as the API returned it (the last {@code tailLines} lines, at most the byte limit)
     * @param tailLines  the line limit that was asked for
     * @param cutByBytes whether the byte limit was reached (then the last line is partial unless the text ends with
     *                   a line break)
     */
    Text of(String text, int tailLines, boolean cutByBytes) {
        if (text == null || text.isEmpty()) {
            return new Text(List.of(), cutByBytes, 0);
        }
        String kept = text;
        int lastNewline = kept.lastIndexOf('\n');
        if (cutByBytes && lastNewline > 0 && lastNewline < kept.length() - 1) {
            kept = kept.substring(0, lastNewline + 1); // without the partial last line
        }
        if (kept.endsWith("\n")) {
            kept = kept.substring(0, kept.length() - 1);
        }
        if (kept.isEmpty()) {
            return new Text(List.of(), cutByBytes, 0);
        }
        int apiLines = count(kept, '\n') + 1;
        Redaction redaction = redactor.redactTail(kept);
        List<String> lines = new ArrayList<>(apiLines);
        boolean cutLine = false;
        for (String line : redaction.text().split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.length() > MAX_LINE_CHARS) {
                line = line.substring(0, MAX_LINE_CHARS) + CUT;
                cutLine = true;
            }
            lines.add(line);
        }
        return new Text(lines, cutByBytes || apiLines >= tailLines || cutLine, redaction.count());
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) {
            n++;
        }
        return n;
    }
}
