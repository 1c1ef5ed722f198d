package io.clusterwise.gateway.chat;

import java.util.regex.Pattern;

/** A namespace as Kubernetes names them: an RFC 1123 label (DNS-1123), checked before anything goes to Kafka. */
final class NamespaceName {

    static final int MAX_LENGTH = 63;

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private NamespaceName() {
    }

    /**
     * @return the namespace, or null (the whole cluster) when none or a blank one is given
     * @throws DiagnoseProblem (400) when it is not a valid namespace name
     */
    static String check(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            return null;
        }
        if (namespace.length() > MAX_LENGTH || !LABEL.matcher(namespace).matches()) {
            throw DiagnoseProblem.invalidNamespace(namespace);
        }
        return namespace;
    }
}
