package io.clusterwise.gateway.insights;

import io.clusterwise.gateway.web.GatewayJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The insights feed: the recent ones as a JSON array, and new ones as they come ({@code event: insight}). */
@RestController
class InsightController {

    private final InsightFeed feed;
    private final InsightSubscribers subscribers;

    InsightController(InsightFeed feed, InsightSubscribers subscribers) {
        this.feed = feed;
        this.subscribers = subscribers;
    }

    /** Newest first, each an {@code Insight} as on the wire. */
    @GetMapping("/api/insights")
    ResponseEntity<String> recent() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(GatewayJson.write(feed.newestFirst()));
    }

    @GetMapping("/api/insights/stream")
    SseEmitter stream() {
        return subscribers.subscribe();
    }
}
