package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading the facts analyzers need out of Kubernetes' own message texts (kubelet, scheduler, node controller) and out
 * of ingest's container-status records ({@code eventUid = pod-status/<podUid>/<container>}).
 */
final class EventText {

    static final String CONTAINER_READY = "ContainerReady";
    static final String POD_STATUS_PREFIX = "pod-status/";

    // "exit code 2", "exitCode=2", "exit code: 137", "exited with code 1", "exit_code 2"
    private static final Pattern EXIT_CODE = Pattern.compile("(?i)exit(?:ed with)?[ _]?code[\\s:=]*(-?\\d+)");
    // "last terminated: Error", "lastState: OOMKilled", "last termination reason=Error", "reason: OOMKilled"
    private static final Pattern TERMINATION = Pattern.compile(
            "(?i)(?:last[ _]?(?:state|terminat\\w*)|terminated)(?:\\W+(?:terminated|reason))*\\W+([A-Za-z]{2,})");
    // kubelet: "Back-off restarting failed container greeter in pod ...", "restarting failed container=greeter pod=..."
    private static final Pattern CONTAINER = Pattern.compile("(?i)\\bcontainer[= ]\"?([a-z0-9]([-a-z0-9]*[a-z0-9])?)");
    private static final List<String> TERMINATION_NOISE = List.of("with", "at", "the", "in", "and", "after");

    private EventText() {
    }

    static boolean isStatus(ClusterEvent e) {
        return e.origin() == ClusterEvent.Origin.POD_STATUS;
    }

    static boolean isWarningEvent(ClusterEvent e) {
        return e.origin() == ClusterEvent.Origin.EVENT && e.isWarning();
    }

    static boolean reasonIs(ClusterEvent e, String... reasons) {
        for (String r : reasons) {
            if (r.equalsIgnoreCase(e.reason())) {
                return true;
            }
        }
        return false;
    }

    static boolean messageStarts(ClusterEvent e, String prefix) {
        return e.message() != null && e.message().regionMatches(true, 0, prefix, 0, prefix.length());
    }

    static boolean messageContains(ClusterEvent e, String text) {
        return e.message() != null && e.message().toLowerCase().contains(text.toLowerCase());
    }

    /** The container a record is about: from a status record's uid, or from a kubelet message. */
    static Optional<String> container(ClusterEvent e) {
        if (e.eventUid() != null && e.eventUid().startsWith(POD_STATUS_PREFIX)) {
            String[] parts = e.eventUid().split("/");
            if (parts.length >= 3) {
                return Optional.of(parts[parts.length - 1]);
            }
        }
        return first(CONTAINER, e.message());
    }

    static Optional<Integer> exitCode(List<ClusterEvent> evidence) {
        for (ClusterEvent e : evidence) {
            Optional<String> code = first(EXIT_CODE, e.message());
            if (code.isPresent()) {
                return Optional.of(Integer.parseInt(code.get()));
            }
        }
        return Optional.empty();
    }

    /** The last termination's reason (Error, OOMKilled, Completed, ...) where a status record states it. */
    static Optional<String> terminationReason(List<ClusterEvent> evidence) {
        for (ClusterEvent e : evidence) {
            if (e.message() == null) {
                continue;
            }
            Matcher m = TERMINATION.matcher(e.message());
            while (m.find()) {
                if (!TERMINATION_NOISE.contains(m.group(1).toLowerCase())) {
                    return Optional.of(m.group(1));
                }
            }
            if (isStatus(e) && messageContains(e, "OOMKilled")) {
                return Optional.of("OOMKilled");
            }
        }
        return Optional.empty();
    }

    /** The first {@code "quoted"} value after {@code word}, e.g. {@code image "nginx:1.27"} → {@code nginx:1.27}. */
    static Optional<String> quotedAfter(List<ClusterEvent> evidence, String word) {
        Pattern p = Pattern.compile("(?i)\\b" + Pattern.quote(word) + " \\\\?\"([^\"\\\\]+)\\\\?\"");
        for (ClusterEvent e : evidence) {
            Optional<String> v = first(p, e.message());
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }

    private static Optional<String> first(Pattern p, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
