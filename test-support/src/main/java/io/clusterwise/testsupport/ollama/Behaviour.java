package io.clusterwise.testsupport.ollama;

import java.time.Duration;
import java.util.List;

/**
 * What the double does with the next chat; immutable, swapped whole so a chat in flight sees one consistent setting.
 *
 * @param models         the names {@code /api/tags} lists, each with its tag (e.g. {@code mistral:latest})
 * @param chunks         the pieces streamed for every chat
 * @param loadDelay      the pause before a chat gets any response at all (status line, headers)
 * @param chunkDelay     the pause before each piece
 * @param failStatus     when non-zero, every chat is answered with this status and {@code {"error": failError}}
 * @param failError      the error text for {@code failStatus}
 * @param midStreamError when non-null, the first piece is sent, then {@code {"error": midStreamError}}, then the end
 */
record Behaviour(List<String> models, List<String> chunks, Duration loadDelay, Duration chunkDelay, int failStatus,
                 String failError, String midStreamError) {

    static final List<String> DEFAULT_REPLY = List.of("The evidence shows ", "a container that keeps failing",
            " [E1].");

    static Behaviour defaults() {
        return new Behaviour(List.of(withTag("mistral")), DEFAULT_REPLY, Duration.ZERO, Duration.ZERO, 0, null,
                null);
    }

    Behaviour withModels(List<String> names) {
        return new Behaviour(names.stream().map(Behaviour::withTag).toList(), chunks, loadDelay, chunkDelay,
                failStatus, failError, midStreamError);
    }

    Behaviour withChunks(List<String> pieces) {
        return new Behaviour(models, List.copyOf(pieces), loadDelay, chunkDelay, failStatus, failError,
                midStreamError);
    }

    Behaviour withLoadDelay(Duration delay) {
        return new Behaviour(models, chunks, delay, chunkDelay, failStatus, failError, midStreamError);
    }

    Behaviour withChunkDelay(Duration delay) {
        return new Behaviour(models, chunks, loadDelay, delay, failStatus, failError, midStreamError);
    }

    Behaviour failingWith(int status, String error) {
        return new Behaviour(models, chunks, loadDelay, chunkDelay, status, error, null);
    }

    Behaviour failingMidStream(String error) {
        return new Behaviour(models, chunks, loadDelay, chunkDelay, 0, null, error);
    }

    Behaviour healthy() {
        return new Behaviour(models, chunks, Duration.ZERO, Duration.ZERO, 0, null, null);
    }

    /** Ollama's own rule: a name without a tag means {@code :latest}. */
    static String withTag(String name) {
        return name.contains(":") ? name : name + ":latest";
    }

    boolean serves(String requested) {
        return requested != null && models.contains(withTag(requested));
    }
}
