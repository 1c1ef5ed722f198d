package io.clusterwise.worker.context;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words of a question that can name a namespace, an object or a Kubernetes reason. */
record QuestionTerms(Set<String> words, List<String> nameWords) {

    // Kubernetes names: lowercase alphanumerics, '-' and '.'
    private static final Pattern WORD = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final int MIN_NAME_LENGTH = 3;
    private static final Set<String> NOT_NAMES = Set.of("the", "and", "for", "why", "what", "whats", "how", "who",
            "when", "where", "which", "does", "did", "doesn", "isn", "are", "was", "were", "has", "have", "with",
            "from", "this", "that", "there", "any", "all", "not", "can", "you", "your", "our", "its", "it's", "keep",
            "keeps", "show", "tell", "about", "wrong", "going", "on", "happening", "broken", "failing", "fail",
            "failed", "error", "errors", "pod", "pods", "node", "nodes", "namespace", "namespaces", "deployment",
            "deployments", "service", "services", "container", "containers", "cluster", "app", "apps", "workload",
            "workloads", "job", "jobs", "replicaset", "statefulset", "daemonset", "problem", "problems", "issue",
            "issues", "now", "recently", "today", "still", "again", "please", "help", "check");
    /** Everyday words for the reasons the analyzers know. */
    private static final Map<String, List<String>> REASON_WORDS = reasonWords(Map.of(
            List.of("crash", "crashing", "crashes", "crashloop", "restarting", "restarts"),
            List.of("CrashLoopBackOff", "BackOff"),
            List.of("oom", "memory"), List.of("OOMKilled", "OOMKilling"),
            List.of("image", "pull"), List.of("ImagePullBackOff", "ErrImagePull", "Failed"),
            List.of("pending", "scheduling", "scheduled", "unschedulable"), List.of("FailedScheduling", "Unschedulable"),
            List.of("mount", "volume"), List.of("FailedMount", "FailedAttachVolume"),
            List.of("probe", "probes", "liveness", "readiness", "unhealthy"), List.of("Unhealthy"),
            List.of("notready"), List.of("NodeNotReady")));

    private static Map<String, List<String>> reasonWords(Map<List<String>, List<String>> groups) {
        Map<String, List<String>> byWord = new java.util.HashMap<>();
        groups.forEach((words, reasons) -> words.forEach(word -> byWord.put(word, reasons)));
        return Map.copyOf(byWord);
    }

    static QuestionTerms of(String question) {
        Set<String> words = new LinkedHashSet<>();
        Matcher m = WORD.matcher(question == null ? "" : question.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        List<String> nameWords = words.stream()
                .filter(w -> w.length() >= MIN_NAME_LENGTH && !NOT_NAMES.contains(w)).toList();
        return new QuestionTerms(Set.copyOf(words), nameWords);
    }

    /** Whether this Kubernetes name is named in the question, exactly or by a prefix such as its app name. */
    boolean names(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        char first = Character.toLowerCase(name.charAt(0));
        for (String w : nameWords) {
            if (w.charAt(0) != first) {
                continue;
            }
            // equal, or a prefix followed by '-' (e.g. the app name of a pod), ignoring case, without copying
            if (name.length() >= w.length() && name.regionMatches(true, 0, w, 0, w.length())
                    && (name.length() == w.length() || name.charAt(w.length()) == '-')) {
                return true;
            }
        }
        return false;
    }

    boolean mentionsNamespace(String namespace) {
        if (namespace == null) {
            return false;
        }
        for (String w : words) {
            if (w.equalsIgnoreCase(namespace)) {
                return true;
            }
        }
        return false;
    }

    /** The reasons the question asks about: named outright (case-insensitive) or by an everyday word. */
    Set<String> reasons(Set<String> knownReasons) {
        Set<String> reasons = new LinkedHashSet<>();
        for (String known : knownReasons) {
            if (known != null && words.contains(known.toLowerCase(Locale.ROOT))) {
                reasons.add(known);
            }
        }
        words.forEach(w -> reasons.addAll(REASON_WORDS.getOrDefault(w, List.of())));
        return reasons;
    }
}
