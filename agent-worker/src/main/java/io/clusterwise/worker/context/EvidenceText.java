package io.clusterwise.worker.context;

/**
 * How text that the cluster's users wrote (event messages and reasons, object names, log lines, summaries quoting
 * them) goes into a prompt: inside one delimited evidence block that it can neither close nor open, one line per
 * field, bounded. Both prompts — the chat answer's ({@link ContextBuilder}) and an insight's explanation — use it.
 */
public final class EvidenceText {

    /** The line that opens the evidence block. */
    public static final String START = "<<<EVIDENCE";
    /** The line that closes it. */
    public static final String END = "EVIDENCE>>>";
    /** A field longer than this is cut, with an ellipsis. */
    static final int MAX_FIELD_CHARS = 400;

    private EvidenceText() {
    }

    /** One line, at most {@value #MAX_FIELD_CHARS} characters, unable to open or close the evidence block; "" for null. */
    public static String field(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = withoutMarkers(text).replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_FIELD_CHARS ? oneLine : oneLine.substring(0, MAX_FIELD_CHARS - 1) + "…";
    }

    /** A log line (already one line and bounded by the log excerpt) that cannot open or close the block either. */
    public static String logLine(String line) {
        return withoutMarkers(line);
    }

    private static String withoutMarkers(String text) {
        return text.replace(END, "EVIDENCE").replace(START, "EVIDENCE");
    }
}
