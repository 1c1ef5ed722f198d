package io.clusterwise.gateway.web;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.clusterwise.contracts.WireJson;
import org.springframework.http.ProblemDetail;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every JSON body and server-sent event data the gateway writes: the shared mapping ({@link WireJson}), with
 * {@code <}, {@code >}, {@code &} and {@code '} written as {@code \u003c}-style escapes. A JSON reader gets the same
 * strings; but a value someone sent (a suppression's reason, a conversation id in a problem detail, an event's text)
 * can never appear in an answer as markup, whatever a browser or proxy takes the answer for.
 */
public final class GatewayJson {

    private static final ObjectWriter WRITER = WireJson.mapper().writer().with(new HtmlSafe());

    private GatewayJson() {
    }

    public static String write(Object value) {
        return WireJson.writeString(WRITER, value);
    }

    /**
     * An RFC 9457 problem as Spring writes one ({@code type}, {@code title}, {@code status}, {@code detail},
     * {@code instance}, then its properties), HTML-safe.
     */
    static String write(ProblemDetail problem) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", problem.getType() == null ? null : problem.getType().toString());
        json.put("title", problem.getTitle());
        json.put("status", problem.getStatus());
        json.put("detail", problem.getDetail());
        json.put("instance", problem.getInstance() == null ? null : problem.getInstance().toString());
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(json::putIfAbsent);
        }
        json.values().removeIf(v -> v == null);
        return write(json);
    }

    /** JSON's own escapes plus the characters that make markup. */
    private static final class HtmlSafe extends CharacterEscapes {

        private final int[] escapes;

        HtmlSafe() {
            int[] e = CharacterEscapes.standardAsciiEscapesForJSON();
            e['<'] = CharacterEscapes.ESCAPE_STANDARD;
            e['>'] = CharacterEscapes.ESCAPE_STANDARD;
            e['&'] = CharacterEscapes.ESCAPE_STANDARD;
            e['\''] = CharacterEscapes.ESCAPE_STANDARD;
            this.escapes = e;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
