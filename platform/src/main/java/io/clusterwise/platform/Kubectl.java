package io.clusterwise.platform;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kubectl} binary, when there is one on the {@code PATH}; used only for {@code kubectl kustomize}, which
 * renders a kustomization offline (no cluster needed).
 *
 * @param executable the kubectl binary
 */
public record Kubectl(Path executable) {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** kubectl found on the {@code PATH}, or empty (then callers say that rendering was skipped). */
    public static Optional<Kubectl> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new Kubectl(candidate));
            }
        }
        return Optional.empty();
    }

    /** {@code kubectl kustomize dir}, parsed; fails with kubectl's own message if it cannot render. */
    public List<Manifest> kustomize(Path dir) {
        return ManifestLoader.parse(run("kustomize", dir.toString()), "kubectl kustomize " + dir);
    }

    private String run(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = executable.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = readAsync(process.getInputStream());
            CompletableFuture<String> err = readAsync(process.getErrorStream());
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ManifestException(String.join(" ", command) + ": no result within " + TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new ManifestException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + err.join().strip());
            }
            return out.join();
        } catch (IOException e) {
            throw new ManifestException(String.join(" ", command) + ": cannot run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManifestException(String.join(" ", command) + ": interrupted", e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
    }
}
