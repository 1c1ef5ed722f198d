package io.clusterwise.gateway.chat;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code POST /api/chat}: a JSON question in, the answer out as server-sent events (see {@link ChatEvents}). */
@RestController
class ChatController {

    private final QuestionPolicy policy;
    private final ChatExchange exchange;

    ChatController(QuestionPolicy policy, ChatExchange exchange) {
        this.policy = policy;
        this.exchange = exchange;
    }

    @PostMapping(path = "/api/chat", consumes = MediaType.APPLICATION_JSON_VALUE)
    SseEmitter chat(@RequestBody ChatRequest request) {
        return exchange.ask(policy.check(request));
    }
}
