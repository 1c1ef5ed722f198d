package io.clusterwise.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A kustomization directory and the tree it pulls in. {@link #resolve()} follows {@code resources} and
 * {@code components} (directories recursively, files directly) and returns the manifests as written: it does not
 * apply patches, generators, name prefixes or the {@code namespace} field. For the rendered result use
 * {@link Kubectl#kustomize(Path)}.
 *
 * @param dir      the directory holding the kustomization file
 * @param manifest the kustomization file itself
 */
public record Kustomization(Path dir, Manifest manifest) {

    /** The file names kustomize accepts, in the order it looks for them. */
    public static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    /** Reads the kustomization in {@code dir}; fails naming the directory if there is none. */
    public static Kustomization load(Path dir) {
        for (String fileName : FILE_NAMES) {
            Path file = dir.resolve(fileName);
            if (Files.isRegularFile(file)) {
                List<Manifest> documents = ManifestLoader.loadFile(file);
                if (documents.size() != 1) {
                    throw new ManifestException(file + ": expected one kustomization document, found " + documents.size());
                }
                return new Kustomization(dir.normalize(), documents.get(0));
            }
        }
        throw new ManifestException(dir + ": no kustomization file (" + String.join(", ", FILE_NAMES) + ")");
    }

    public static boolean isKustomizationDir(Path dir) {
        return FILE_NAMES.stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    /** {@code kind: Component} ({@code kustomize.config.k8s.io/v1alpha1}) rather than a Kustomization. */
    public boolean isComponent() {
        return manifest.is("Component");
    }

    public List<String> resources() {
        return strings("resources");
    }

    public List<String> components() {
        return strings("components");
    }

    /** The {@code namespace:} kustomize sets on every namespaced object, or empty. */
    public String namespace() {
        return manifest.string("namespace").orElse("");
    }

    public List<KustomizeImage> images() {
        return manifest.children("images").stream().map(KustomizeImage::from).toList();
    }

    /** This kustomization and every kustomization it pulls in through resources and components, depth first. */
    public List<Kustomization> tree() {
        List<Kustomization> out = new ArrayList<>();
        walk(this, new LinkedHashSet<>(), out, new ArrayList<>());
        return List.copyOf(out);
    }

    /** The manifests of every file reached through resources and components (see the class note for what is not applied). */
    public List<Manifest> resolve() {
        List<Manifest> out = new ArrayList<>();
        walk(this, new LinkedHashSet<>(), new ArrayList<>(), out);
        return List.copyOf(out);
    }

    private static void walk(Kustomization k, Set<Path> path, List<Kustomization> kustomizations, List<Manifest> manifests) {
        if (!path.add(k.dir)) {
            throw new ManifestException(k.dir + ": kustomization cycle through " + path);
        }
        kustomizations.add(k);
        List<String> entries = new ArrayList<>(k.resources());
        entries.addAll(k.components());
        for (String entry : entries) {
            if (entry.contains("://") || entry.startsWith("github.com/") || entry.startsWith("git@")) {
                throw new ManifestException(k.dir + ": remote resource '" + entry + "' is not supported; vendor it");
            }
            Path target = k.dir.resolve(entry).normalize();
            if (Files.isDirectory(target)) {
                walk(load(target), path, kustomizations, manifests);
            } else if (Files.isRegularFile(target)) {
                manifests.addAll(ManifestLoader.loadFile(target));
            } else {
                throw new ManifestException(k.dir + ": resource '" + entry + "' does not exist (" + target + ")");
            }
        }
        path.remove(k.dir);
    }

    private List<String> strings(String key) {
        return manifest.list(key).stream().map(String::valueOf).toList();
    }
}
