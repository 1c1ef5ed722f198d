package io.clusterwise.worker.logs;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A container's last log lines as a piece of evidence: a {@link ClusterEvent} with reason {@value #REASON}, id
 * {@code container-log/<podUid>/<container>}, about the pod, whose message is a one-line header ("last 12 lines of
 * container greeter, restart 9, exit code 2") followed by the lines, newline-separated, oldest first. So incidents,
 * the answer's evidence selection and its citations treat it like any other evidence; only the prompt and the
 * findings-only text lay it out over several lines. The header and the lines are bounded here, once, on arrival.
 */
public final class LogExcerpt {

    public static final String REASON = "ContainerLog";
    static final String UID_PREFIX = "container-log/";
    static final String COMPONENT = "clusterwise-logs";
    /** A longer line (a minified JSON log record, say) is cut: the model needs its start, not all of it. */
    static final int MAX_LINE_CHARS = 300;
    /** All lines of one excerpt together; beyond it the oldest lines go. */
    static final int MAX_CHARS = 3000;
    private static final Pattern HEADER_COUNT = Pattern.compile("^last \\d+ lines?");

    private LogExcerpt() {
    }

    /** Whether this evidence is a log excerpt made by {@link #event}. */
    public static boolean isExcerpt(ClusterEvent e) {
        return REASON.equals(e.reason()) && e.eventUid() != null && e.eventUid().startsWith(UID_PREFIX)
                && e.container() != null;
    }

    /**
     * The evidence of {@code log}: its last {@code maxLines} lines (each cut to {@value #MAX_LINE_CHARS} characters,
     * together at most {@value #MAX_CHARS}), about {@code pod} (the log's pod, with its UID), at {@code readAt}.
     */
    static ClusterEvent event(ObjectRef pod, ContainerLog log, int maxLines) {
        List<String> lines = new ArrayList<>();
        int chars = 0;
        for (int i = log.lines().size() - 1; i >= 0 && lines.size() < maxLines; i--) {
            String line = clean(log.lines().get(i));
            if (chars + line.length() + 1 > MAX_CHARS) {
                break;
            }
            chars += line.length() + 1;
            lines.add(0, line);
        }
        // restart count and exit code as the status told them; the reason goes where the status would have it
        boolean waiting = "CrashLoopBackOff".equals(log.reason());
        ClusterEvent.ContainerFacts facts = new ClusterEvent.ContainerFacts(log.container(),
                waiting ? log.reason() : null, waiting ? null : log.reason(), log.exitCode(), null,
                log.restartCount(), false);
        return new ClusterEvent(UID_PREFIX + pod.uid() + "/" + log.container(), ClusterEvent.Origin.POD_STATUS, pod,
                List.of(), REASON, message(facts, lines), EventType.Warning, 1, log.readAt(), log.readAt(), COMPONENT,
                null, facts);
    }

    /** The excerpt's lines, oldest first (without the header). */
    public static List<String> lines(ClusterEvent excerpt) {
        String message = excerpt.message() == null ? "" : excerpt.message();
        int newline = message.indexOf('\n');
        return newline < 0 ? List.of() : List.of(message.substring(newline + 1).split("\n", -1));
    }

    /** The header for {@code n} lines, e.g. {@code last 12 lines of container greeter, restart 9, exit code 2}. */
    public static String header(ClusterEvent excerpt, int n) {
        return header(excerpt.container(), n);
    }

    /** The message of an excerpt cut to these lines (its last ones): the header for them, then the lines. */
    public static String message(ClusterEvent excerpt, List<String> lines) {
        return message(excerpt.container(), lines);
    }

    /**
     * An excerpt's message (as in an incident's examples) cut to its newest lines that fit {@code maxChars} with the
     * header, which then counts only those; the header alone when not even one fits.
     */
    public static String tail(String message, int maxChars) {
        if (message == null || message.length() <= maxChars) {
            return message;
        }
        int newline = message.indexOf('\n');
        if (newline < 0) {
            return message;
        }
        String[] lines = message.substring(newline + 1).split("\n", -1);
        int chars = newline;
        int from = lines.length;
        while (from > 0 && chars + 1 + lines[from - 1].length() <= maxChars) {
            chars += 1 + lines[from - 1].length();
            from--;
        }
        int kept = lines.length - from;
        String header = HEADER_COUNT.matcher(message.substring(0, newline))
                .replaceFirst("last " + kept + (kept == 1 ? " line" : " lines"));
        List<String> tail = List.of(lines).subList(from, lines.length);
        return header + (tail.isEmpty() ? "" : "\n" + String.join("\n", tail));
    }

    private static String header(ClusterEvent.ContainerFacts c, int n) {
        String reason = c.lastTerminationReason() != null ? c.lastTerminationReason() : c.waitingReason();
        return "last " + n + (n == 1 ? " line" : " lines") + " of container " + c.name() + ", restart "
                + c.restartCount() + (c.lastExitCode() == null ? "" : ", exit code " + c.lastExitCode())
                + (reason == null || "Error".equalsIgnoreCase(reason) ? "" : " (" + reason + ")");
    }

    private static String message(ClusterEvent.ContainerFacts facts, List<String> lines) {
        return header(facts, lines.size()) + (lines.isEmpty() ? "" : "\n" + String.join("\n", lines));
    }

    /** One line: no control characters (a carriage return, an ANSI colour, a tab), bounded, trailing blanks gone. */
    private static String clean(String line) {
        if (line == null) {
            return "";
        }
        String plain = line.replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "").replaceAll("[\\p{Cntrl}&&[^\t]]", "")
                .replace('\t', ' ').stripTrailing();
        return plain.length() <= MAX_LINE_CHARS ? plain : plain.substring(0, MAX_LINE_CHARS - 1) + "…";
    }
}
