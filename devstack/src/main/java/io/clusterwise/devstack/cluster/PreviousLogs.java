package io.clusterwise.devstack.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated cluster's {@code pods/{name}/log?previous=true}: what a container wrote before its last termination.
 * The seeded greeter has a scripted Go panic (with a database password in a connection string, for ingest to
 * redact); any other container that terminated gets a line saying how it ended. {@code tailLines} and
 * {@code limitBytes} are honoured as the API server honours them (the last lines; at most that many bytes).
 */
final class PreviousLogs {

    private static final Map<String, String> SCRIPTED = Map.of(
            "greeter", "/seed/crashloop-greeter.previous-log.txt");

    private PreviousLogs() {
    }

    /**
     * @param container   the container's name
     * @param exitCode    its last termination's exit code, or empty when it never terminated (then there is no log)
     * @return the log text, or empty when there is no previous container
     */
    static Optional<String> of(String container, Optional<Integer> exitCode, Optional<Integer> tailLines,
                               Optional<Integer> limitBytes) {
        if (exitCode.isEmpty()) {
            return Optional.empty();
        }
        String text = Optional.ofNullable(SCRIPTED.get(container)).map(PreviousLogs::read)
                .orElse("simulated container " + container + " exited with code " + exitCode.get() + "\n");
        return Optional.of(limit(text, tailLines, limitBytes));
    }

    static String limit(String text, Optional<Integer> tailLines, Optional<Integer> limitBytes) {
        String result = text;
        if (tailLines.isPresent()) {
            List<String> lines = Arrays.asList(text.split("\n", -1));
            int n = lines.size() - (text.endsWith("\n") ? 1 : 0);
            int from = Math.max(0, n - tailLines.get());
            result = String.join("\n", lines.subList(from, n)) + (n > from ? "\n" : "");
        }
        if (limitBytes.isPresent()) {
            byte[] bytes = result.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > limitBytes.get()) {
                result = new String(bytes, 0, limitBytes.get(), StandardCharsets.UTF_8);
            }
        }
        return result;
    }

    private static String read(String resource) {
        try (InputStream in = PreviousLogs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
