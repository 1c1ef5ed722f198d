package io.clusterwise.gateway.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.clusterwise.contracts.DiagnoseReply;
import io.clusterwise.contracts.IncidentReport;
import io.clusterwise.gateway.web.GatewayJson;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/diagnose?namespace=NS} (the current incidents, as {@code ./clusterwise diagnose --json} lists them)
 * and {@code GET /api/namespaces} (for a picker): both ask the worker with a {@code DiagnoseRequest} over Kafka and
 * answer when its {@code DiagnoseReply} comes back, without holding a servlet thread meanwhile.
 */
@RestController
class DiagnoseController {

    /** The body of a 200 from {@code GET /api/diagnose}; {@code namespace} is null for the whole cluster. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Diagnosis(String namespace, Instant asOf, List<IncidentReport> incidents) {
    }

    /** The body of a 200 from {@code GET /api/namespaces}: sorted, as the worker knows them. */
    record Namespaces(List<String> namespaces) {
    }

    private final DiagnoseExchange exchange;

    DiagnoseController(DiagnoseExchange exchange) {
        this.exchange = exchange;
    }

    @GetMapping("/api/diagnose")
    DeferredResult<ResponseEntity<String>> diagnose(
            @RequestParam(name = "namespace", required = false) String namespace) {
        String checked = NamespaceName.check(namespace);
        return exchange.ask(checked, reply -> {
            if (!reply.namespaceKnown()) {
                throw DiagnoseProblem.unknownNamespace(checked, reply.namespaces().size());
            }
            return json(new Diagnosis(checked, reply.asOf(), reply.incidents()));
        });
    }

    @GetMapping("/api/namespaces")
    DeferredResult<ResponseEntity<String>> namespaces() {
        return exchange.ask(null, reply -> json(new Namespaces(reply.namespaces())));
    }

    private static ResponseEntity<String> json(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(GatewayJson.write(body));
    }
}
