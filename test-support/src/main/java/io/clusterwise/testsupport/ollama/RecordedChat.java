package io.clusterwise.testsupport.ollama;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One {@code POST /api/chat} request as the double received it.
 *
 * @param options Ollama's {@code options} object as sent (snake_case keys, e.g. {@code num_ctx}, {@code temperature})
 * @param stream  the request's {@code stream} flag (Ollama's default, true, when absent)
 */
public record RecordedChat(String model, List<Message> messages, Map<String, Object> options, boolean stream) {

    public RecordedChat {
        messages = messages == null ? List.of() : List.copyOf(messages);
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** One chat message: {@code system}, {@code user}, {@code assistant} or {@code tool}. */
    public record Message(String role, String content) {
    }

    /** Every message's content, in order, one per line: handy for asserting what the prompt contained. */
    public String allContent() {
        return messages.stream().map(Message::content).collect(Collectors.joining("\n"));
    }

    /** The content of the messages with this role, one per line. */
    public String contentOf(String role) {
        return messages.stream().filter(m -> role.equals(m.role())).map(Message::content)
                .collect(Collectors.joining("\n"));
    }
}
