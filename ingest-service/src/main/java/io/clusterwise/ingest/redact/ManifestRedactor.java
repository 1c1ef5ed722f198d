package io.clusterwise.ingest.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks credentials in an object's manifest (our own copy, changed in place) before it is published:
 * <ul>
 *   <li>every container env {@code value} (names and {@code valueFrom} references stay: they say where a value comes
 *   from, not what it is), and every probe or lifecycle hook's {@code httpHeaders} {@code value} (an
 *   {@code X-Api-Key} or token header holds a bare secret no text rule recognises; the header name stays);</li>
 *   <li>in {@code command}/{@code args}: the value after a secret-named flag ({@code --password hunter2}) and whatever
 *   {@link Redactor} finds inside each argument ({@code --db-url=postgres://u:p@h}, {@code --token=…});</li>
 *   <li>annotation values whose key names a secret ({@code example.com/api-token}), and whatever {@link Redactor}
 *   finds in the others;</li>
 *   <li>every other string value (status messages, termination messages, …) through {@link Redactor}.</li>
 * </ul>
 */
@Component
public final class ManifestRedactor {

    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key"
                    + "|credential|auth).*");
    private static final Pattern SECRET_FLAG = Pattern.compile(
            "(?i)--?[\\w.-]*(password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key"
                    + "|credentials?)[\\w.-]*");
    /** Strings shorter than this hold nothing a rule can match (the shortest is {@code pwd=x}). */
    private static final int SHORTEST_SECRET = 5;

    private final Redactor redactor;

    public ManifestRedactor(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Masks in place; returns how many values were masked. */
    public int redact(JsonNode manifest) {
        return walk(manifest, null);
    }

    private int walk(JsonNode node, String field) {
        int count = 0;
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> entry = fields.next();
                JsonNode value = entry.getValue();
                if (value.isTextual()) {
                    count += redactText(entry, field);
                } else if (("env".equals(entry.getKey()) || "httpHeaders".equals(entry.getKey())) && value.isArray()) {
                    count += valuesOf((ArrayNode) value);
                } else if (("command".equals(entry.getKey()) || "args".equals(entry.getKey())) && value.isArray()) {
                    count += commandLine((ArrayNode) value);
                } else {
                    count += walk(value, entry.getKey());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode item = array.get(i);
                if (item.isTextual()) {
                    Redaction r = redactText(item.asText());
                    if (r.count() > 0) {
                        array.set(i, TextNode.valueOf(r.text()));
                        count += r.count();
                    }
                } else {
                    count += walk(item, field);
                }
            }
        }
        return count;
    }

    private int redactText(Map.Entry<String, JsonNode> entry, String parentField) {
        String text = entry.getValue().asText();
        if ("annotations".equals(parentField) && SECRET_KEY.matcher(entry.getKey()).matches() && !text.isEmpty()) {
            entry.setValue(TextNode.valueOf(Redactor.MASK));
            return 1;
        }
        Redaction r = redactText(text);
        if (r.count() > 0) {
            entry.setValue(TextNode.valueOf(r.text()));
        }
        return r.count();
    }

    private Redaction redactText(String text) {
        return text.length() < SHORTEST_SECRET ? new Redaction(text, 0) : redactor.redact(text);
    }

    /** Masks the {@code value} of every name/value pair (env variables, HTTP headers): secret by position. */
    private static int valuesOf(ArrayNode pairs) {
        int count = 0;
        for (JsonNode variable : pairs) {
            if (variable instanceof ObjectNode object && object.hasNonNull("value")
                    && !object.get("value").asText().isEmpty()) {
                object.put("value", Redactor.MASK);
                count++;
            }
        }
        return count;
    }

    private int commandLine(ArrayNode arguments) {
        int count = 0;
        boolean nextIsSecret = false;
        for (int i = 0; i < arguments.size(); i++) {
            if (!arguments.get(i).isTextual()) {
                continue;
            }
            String argument = arguments.get(i).asText();
            if (nextIsSecret && !argument.startsWith("-")) {
                arguments.set(i, TextNode.valueOf(Redactor.MASK));
                count++;
                nextIsSecret = false;
                continue;
            }
            Redaction r = redactText(argument);
            if (r.count() > 0) {
                arguments.set(i, TextNode.valueOf(r.text()));
                count += r.count();
            }
            nextIsSecret = SECRET_FLAG.matcher(argument).matches();
        }
        return count;
    }
}
