package io.clusterwise.ingest.logs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/namespaces/<ns>/pods/<pod>/log?container=<c>&previous=true&tailLines=<n>&limitBytes=<b>}
 * through the service's one Kubernetes client (its authentication, timeouts and retries).
 * <p>
 * Not fabric8's {@code pods().…().getLog()}: in 7.9 that first waits for the pod to be ready or terminal, which
 * starts an informer (an extra list, and possibly a watch, of the pod) for every read, and its fluent types do not
 * offer {@code limitBytes} together with {@code terminated()} (= {@code previous=true}). The raw GET is exactly the
 * one request the limits account for.
 */
final class KubernetesLogSource implements LogSource {

    private final KubernetesClient client;

    KubernetesLogSource(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String read(LogRead read, int tailLines, int limitBytes) throws LogReadException {
        try {
            String log = client.raw(path(read, tailLines, limitBytes), "GET", null);
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getCause() != null ? e.getCause().toString() : e.getMessage();
            throw new LogReadException(e.getCode(), message, e);
        }
    }

    /** The request's path and query, e.g. {@code /api/v1/namespaces/demo/pods/web-1/log?container=web&previous=true&tailLines=50&limitBytes=16384}. */
    static String path(LogRead read, int tailLines, int limitBytes) {
        return "/api/v1/namespaces/" + encode(read.pod().namespace()) + "/pods/" + encode(read.pod().name())
                + "/log?container=" + encode(read.container()) + (read.previous() ? "&previous=true" : "")
                + "&tailLines=" + tailLines + "&limitBytes=" + limitBytes;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
