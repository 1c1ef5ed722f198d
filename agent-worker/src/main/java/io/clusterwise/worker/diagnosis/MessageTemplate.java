package io.clusterwise.worker.diagnosis;

import java.util.regex.Pattern;

/**
 * A message with what varies between repeats removed: UIDs, hashes, generated pod-name suffixes and numbers. Repeats
 * of one problem across pods and time share a template, so a few examples with distinct templates represent a storm.
 */
final class MessageTemplate {

    private static final Pattern UID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    // greeter-8f2588814d-a31b9 (Deployment pod), web-0 is kept apart by the number rule, coredns-x8k2p (DaemonSet/Job)
    private static final Pattern POD_SUFFIX = Pattern.compile(
            "\\b([a-z0-9][-a-z0-9]*?)-[a-f0-9]{6,10}-[a-z0-9]{5}(?![a-z0-9])");
    private static final Pattern SHORT_SUFFIX = Pattern.compile(
            "\\b([a-z][-a-z0-9]*?)-(?=[a-z]*\\d)[a-z0-9]{5}(?![a-z0-9])");
    private static final Pattern HASH = Pattern.compile("\\b(?=[a-z0-9]*\\d)[a-f0-9]{7,64}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private MessageTemplate() {
    }

    static String of(String message) {
        if (message == null) {
            return "";
        }
        String t = UID.matcher(message.toLowerCase()).replaceAll("<uid>");
        t = POD_SUFFIX.matcher(t).replaceAll("$1-<pod>");
        t = SHORT_SUFFIX.matcher(t).replaceAll("$1-<pod>");
        t = HASH.matcher(t).replaceAll("<hash>");
        return NUMBER.matcher(t).replaceAll("#").replaceAll("\\s+", " ").strip();
    }
}
