package io.clusterwise.devstack.cluster;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A request path split the way the Kubernetes API lays it out:
 * {@code /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]} or the same under {@code /apis/GROUP/VERSION}.
 * The raw query stays available so a request can be forwarded with one parameter removed.
 */
record ApiRequest(String path, List<QueryParam> query, String groupVersion, String namespace, String resource,
                  String name, String subresource) {

    static ApiRequest parse(String rawPath) {
        int q = rawPath.indexOf('?');
        String path = q < 0 ? rawPath : rawPath.substring(0, q);
        List<QueryParam> query = q < 0 ? List.of() : parseQuery(rawPath.substring(q + 1));
        List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        int resourceStart;
        String groupVersion;
        if (segments.size() >= 2 && segments.get(0).equals("api")) {
            groupVersion = segments.get(1);
            resourceStart = 2;
        } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
            groupVersion = segments.get(1) + "/" + segments.get(2);
            resourceStart = 3;
        } else {
            return new ApiRequest(path, query, null, null, null, null, null);
        }
        List<String> rest = segments.subList(resourceStart, segments.size());
        String namespace = null;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        return new ApiRequest(path, query, groupVersion, namespace,
                rest.isEmpty() ? null : rest.get(0),
                rest.size() > 1 ? rest.get(1) : null,
                rest.size() > 2 ? rest.get(2) : null);
    }

    /** One query parameter: decoded key, value still URL-encoded as received. */
    record QueryParam(String key, String rawValue) {
    }

    private static List<QueryParam> parseQuery(String raw) {
        List<QueryParam> params = new ArrayList<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(new QueryParam(decode(key), value));
        }
        return List.copyOf(params);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The decoded value of query parameter {@code key}, if present. */
    Optional<String> param(String key) {
        return query.stream().filter(p -> p.key().equals(key)).map(p -> decode(p.rawValue())).findFirst();
    }

    boolean isWatch() {
        return param("watch").map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    /** A collection (list) request rather than a single object. */
    boolean isCollection() {
        return resource != null && name == null;
    }

    /** The same path and query without {@code key}, still encoded as received. */
    String pathWithout(String key) {
        String rest = query.stream()
                .filter(p -> !p.key().equals(key))
                .map(p -> p.key() + "=" + p.rawValue())
                .collect(Collectors.joining("&"));
        return rest.isEmpty() ? path : path + "?" + rest;
    }
}
