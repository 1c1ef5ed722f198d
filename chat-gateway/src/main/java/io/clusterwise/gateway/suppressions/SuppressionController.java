package io.clusterwise.gateway.suppressions;

import io.clusterwise.contracts.Suppression;
import io.clusterwise.gateway.web.GatewayJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Mutes: {@code POST /api/suppressions} writes a {@code Suppression} to {@code agent.suppressions} (201, the record
 * as written), {@code DELETE /api/suppressions/{id}} writes its tombstone (204, also for an id already gone), and
 * {@code GET /api/suppressions} lists the active ones as read back from the topic.
 */
@RestController
class SuppressionController {

    private final SuppressionPolicy policy;
    private final SuppressionWriter writer;
    private final SuppressionBook book;

    SuppressionController(SuppressionPolicy policy, SuppressionWriter writer, SuppressionBook book) {
        this.policy = policy;
        this.writer = writer;
        this.book = book;
    }

    @PostMapping(path = "/api/suppressions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> mute(@RequestBody SuppressionRequest request) {
        Suppression suppression = policy.check(request);
        writer.write(suppression);
        return ResponseEntity.created(URI.create("/api/suppressions/" + suppression.id()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(GatewayJson.write(suppression));
    }

    @DeleteMapping("/api/suppressions/{id}")
    ResponseEntity<Void> unmute(@PathVariable String id) {
        writer.tombstone(policy.checkId(id));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/suppressions")
    ResponseEntity<String> list() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(GatewayJson.write(book.active()));
    }
}
