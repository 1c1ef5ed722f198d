package io.clusterwise.gateway.models;

import io.clusterwise.gateway.web.GatewayJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/models}: which model the workers use and whether it answers, from what they report on Kafka. */
@RestController
class ModelsController {

    private final ModelStatusBook book;

    ModelsController(ModelStatusBook book) {
        this.book = book;
    }

    @GetMapping("/api/models")
    ResponseEntity<String> models() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(GatewayJson.write(ModelsView.of(book.snapshot(), book.maxAge())));
    }
}
