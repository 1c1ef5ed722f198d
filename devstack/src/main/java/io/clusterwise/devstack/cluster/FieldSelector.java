package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector ({@code involvedObject.name=x,involvedObject.uid=y}, {@code status.phase!=Running})
 * evaluated against an object's JSON by dotted path. fabric8's CRUD mock understands only {@code metadata.name};
 * {@code kubectl describe} finds a pod's events with {@code involvedObject.*} selectors, so the simulated cluster
 * evaluates every selector itself. A missing field compares as the empty string, as in the API server.
 */
record FieldSelector(List<Term> terms) {

    record Term(String field, String value, boolean negated) {

        boolean matches(JsonNode object) {
            JsonNode node = object;
            for (String part : field.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            String actual = node == null || node.isNull() ? "" : node.asText();
            return negated != actual.equals(value);
        }
    }

    static final FieldSelector NONE = new FieldSelector(List.of());

    static FieldSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return NONE;
        }
        List<Term> terms = new ArrayList<>();
        for (String term : splitUnescaped(selector)) {
            if (term.isBlank()) {
                continue;
            }
            int ne = term.indexOf("!=");
            int eq = term.indexOf('=');
            if (ne >= 0 && ne < eq) {
                terms.add(new Term(term.substring(0, ne).trim(), unescape(term.substring(ne + 2)), true));
            } else if (eq >= 0) {
                int valueStart = term.startsWith("==", eq) ? eq + 2 : eq + 1;
                terms.add(new Term(term.substring(0, eq).trim(), unescape(term.substring(valueStart)), false));
            } else {
                throw new IllegalArgumentException("invalid field selector term '" + term + "' in '" + selector + "'");
            }
        }
        return new FieldSelector(List.copyOf(terms));
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }

    boolean matches(JsonNode object) {
        return terms.stream().allMatch(t -> t.matches(object));
    }

    /** Splits on commas not escaped with a backslash (the API server's escaping rule). */
    private static List<String> splitUnescaped(String selector) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '\\' && i + 1 < selector.length()) {
                current.append(c).append(selector.charAt(++i));
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unescape(String value) {
        return value.replace("\\,", ",").replace("\\=", "=").replace("\\\\", "\\");
    }
}
