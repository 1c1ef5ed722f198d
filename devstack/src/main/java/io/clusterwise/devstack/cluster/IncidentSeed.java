package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The incident the simulated cluster starts with: a {@code kubectl get ... -o json} {@code List} read from the
 * classpath, every timestamp moved by the same amount so the newest lands one minute before now. A 5-day-old dump
 * would otherwise fall outside the agent's one-hour window, and AGE columns would read "5d".
 */
final class IncidentSeed {

    /** The CrashLoopBackOff incident from /work/shared/samples (Deployment demo/greeter, exit code 2). */
    static final String CRASHLOOP_GREETER = "/seed/crashloop-greeter.json";

    static final Duration NEWEST_AGE = Duration.ofMinutes(1);

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    private IncidentSeed() {
    }

    /** The seed's items, timestamps shifted so the newest is {@link #NEWEST_AGE} before {@code now}. */
    static List<ObjectNode> load(String resource, ObjectMapper json, Instant now) {
        JsonNode root;
        try (InputStream in = IncidentSeed.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("seed " + resource + " is not on the classpath");
            }
            root = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed " + resource, e);
        }
        if (!root.path("items").isArray()) {
            throw new IllegalStateException("seed " + resource + " is not a kubectl List (no items array)");
        }
        Optional<Instant> newest = newestTimestamp(root);
        if (newest.isPresent()) {
            Duration shift = Duration.between(newest.get(), now.minus(NEWEST_AGE).truncatedTo(ChronoUnit.SECONDS));
            rewriteTimestamps(root, t -> t.plus(shift));
        }
        List<ObjectNode> items = new ArrayList<>();
        root.path("items").forEach(item -> items.add((ObjectNode) item));
        return items;
    }

    static Optional<Instant> newestTimestamp(JsonNode root) {
        List<Instant> all = new ArrayList<>();
        rewriteTimestamps(root, t -> {
            all.add(t);
            return t;
        });
        return all.stream().max(Instant::compareTo);
    }

    /** Applies {@code change} to every string value that is an RFC 3339 UTC timestamp, anywhere in the tree. */
    static void rewriteTimestamps(JsonNode node, UnaryOperator<Instant> change) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (value.isTextual() && TIMESTAMP.matcher(value.asText()).matches()) {
                    field.setValue(new TextNode(change.apply(Instant.parse(value.asText())).toString()));
                } else {
                    rewriteTimestamps(value, change);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> rewriteTimestamps(element, change));
        }
    }
}
