package io.clusterwise.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The clusterwise repository a test runs in (found from the working directory up) and its platform's
 * kustomizations: the base as written, and each overlay as {@code kubectl kustomize} renders it.
 */
public final class PlatformRepo {

    private PlatformRepo() {
    }

    /** The repository root: the first directory from the working directory up with platform/base and argocd/. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("platform/base")) && Files.isDirectory(dir.resolve("argocd"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run inside the clusterwise repository (no platform/base and argocd/ above "
                + Path.of("").toAbsolutePath() + ")");
    }

    public static Path platform() {
        return root().resolve("platform");
    }

    /** The base's manifests as written (no overlay, patch, generator or namespace applied). */
    public static Manifests base() {
        return Manifests.of(Kustomization.load(platform().resolve("base")).resolve());
    }

    /** Every overlay directory (platform/overlays/*), sorted. */
    public static List<Path> overlays() {
        return subdirectories(platform().resolve("overlays"));
    }

    /** Every component directory (platform/components/*), sorted. */
    public static List<Path> components() {
        return subdirectories(platform().resolve("components"));
    }

    /** Each overlay by directory name, as {@code kubectl kustomize} renders it. */
    public static Map<String, Manifests> renderOverlays(Kubectl kubectl) {
        Map<String, Manifests> rendered = new LinkedHashMap<>();
        for (Path overlay : overlays()) {
            rendered.put(overlay.getFileName().toString(), Manifests.of(kubectl.kustomize(overlay)));
        }
        return rendered;
    }

    static List<Path> subdirectories(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
