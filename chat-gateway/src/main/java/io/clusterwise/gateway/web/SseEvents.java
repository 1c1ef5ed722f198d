package io.clusterwise.gateway.web;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.nio.charset.StandardCharsets;

/** How every SSE stream of the gateway writes an event: a name and one line of JSON, UTF-8. */
public final class SseEvents {

    /** Event data is already JSON text (from {@code GatewayJson}); sent as UTF-8 so non-ASCII text survives. */
    private static final MediaType UTF8_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private SseEvents() {
    }

    public static SseEmitter.SseEventBuilder event(String name, String json) {
        return SseEmitter.event().name(name).data(json, UTF8_TEXT);
    }

    /** A comment line: keeps proxies from closing a quiet stream, and a failed write shows the client has gone. */
    public static SseEmitter.SseEventBuilder keepAlive() {
        return SseEmitter.event().comment("keep-alive");
    }
}
