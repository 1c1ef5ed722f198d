package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts analyzers need. A POD_STATUS record from ingest states them in {@link ClusterEvent#container()}; its
 * message is for people and is never parsed. Only Kubernetes' own Event messages (kubelet, scheduler, node
 * controller), which have no structured counterpart, are read as text.
 */
final class EventText {

    static final String CONTAINER_READY = "ContainerReady";

    // in Kubernetes' Event texts: "exit code 2", "exitCode=2", "exit code: 137", "exited with code 1"
    private static final Pattern EXIT_CODE = Pattern.compile("(?i)exit(?:ed with)?[ _]?code[\\s:=]*(-?\\d+)");
    // kubelet: "Back-off restarting failed container greeter in pod ...", "restarting failed container=greeter pod=..."
    private static final Pattern CONTAINER = Pattern.compile("(?i)\\bcontainer[= ]\"?([a-z0-9]([-a-z0-9]*[a-z0-9])?)");

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

    /** The container a record is about: a status record's container facts, or a kubelet Event's message. */
    static Optional<String> container(ClusterEvent e) {
        if (isStatus(e)) {
            return facts(e).map(ClusterEvent.ContainerFacts::name);
        }
        return first(CONTAINER, e.message());
    }

    /** Whether a status record's most recent container termination had this reason (e.g. {@code OOMKilled}). */
    static boolean lastTerminationIs(ClusterEvent e, String reason) {
        return isStatus(e) && facts(e).map(ClusterEvent.ContainerFacts::lastTerminationReason)
                .filter(reason::equalsIgnoreCase).isPresent();
    }

    /**
     * The last termination's exit code: from the newest status record that knows a termination, else from the
     * first Kubernetes Event message that states one.
     *
     * @param evidence newest first
     */
    static Optional<Integer> exitCode(List<ClusterEvent> evidence) {
        Optional<ClusterEvent.ContainerFacts> terminated = lastTermination(evidence);
        if (terminated.isPresent()) {
            return Optional.ofNullable(terminated.get().lastExitCode());
        }
        return evidence.stream().filter(e -> !isStatus(e))
                .flatMap(e -> first(EXIT_CODE, e.message()).stream())
                .map(Integer::valueOf).findFirst();
    }

    /**
     * The last termination's reason (Error, OOMKilled, Completed, ...) from the newest status record that knows a
     * termination; Kubernetes' Event messages do not state it.
     *
     * @param evidence newest first
     */
    static Optional<String> terminationReason(List<ClusterEvent> evidence) {
        return lastTermination(evidence).map(ClusterEvent.ContainerFacts::lastTerminationReason);
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

    private static Optional<ClusterEvent.ContainerFacts> facts(ClusterEvent e) {
        return Optional.ofNullable(e.container());
    }

    /** The container facts of the first status record that knows a termination, so reason and code agree. */
    private static Optional<ClusterEvent.ContainerFacts> lastTermination(List<ClusterEvent> evidence) {
        return evidence.stream().filter(EventText::isStatus)
                .flatMap(e -> facts(e).stream())
                .filter(c -> c.lastExitCode() != null || c.lastTerminationReason() != null)
                .findFirst();
    }

    private static Optional<String> first(Pattern p, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
