package io.clusterwise.platform;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Kubernetes YAML: multi-document files, whole directory trees, or text such as {@code kubectl kustomize}
 * output. Scalars are resolved as YAML 1.2 does ({@code on}, {@code yes}, {@code no} stay strings, only
 * {@code true}/{@code false} are booleans, dates stay strings), so a GitHub workflow's {@code on:} key stays "on".
 * Empty documents are skipped; a document that is not a map is an error naming the file and document.
 */
public final class ManifestLoader {

    /** Directory names {@link #loadTree(Path)} does not descend into. */
    public static final Set<String> DEFAULT_SKIPPED_DIRECTORIES = Set.of("target", "src", "node_modules");

    private ManifestLoader() {
    }

    /** Every document in {@code yaml}; {@code origin} names the source in {@link Manifest#origin()} and errors. */
    public static List<Manifest> parse(String yaml, String origin) {
        List<Manifest> out = new ArrayList<>();
        int index = 0;
        try {
            for (Object document : newYaml().loadAll(yaml)) {
                if (document == null) {
                    index++;
                    continue;
                }
                if (!(document instanceof Map<?, ?> map)) {
                    throw new ManifestException(origin + "#" + index + ": a manifest must be a YAML map, found "
                            + document.getClass().getSimpleName());
                }
                out.add(new Manifest(origin + "#" + index, Manifest.asMap(freeze(map))));
                index++;
            }
        } catch (YAMLException e) {
            throw new ManifestException(origin + "#" + index + ": not valid YAML: " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }

    /** Every document of one file. */
    public static List<Manifest> loadFile(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ManifestException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every document of every {@code *.yaml}/{@code *.yml} file under {@code root}, skipping {@link #DEFAULT_SKIPPED_DIRECTORIES}. */
    public static List<Manifest> loadTree(Path root) {
        return loadTree(root, DEFAULT_SKIPPED_DIRECTORIES);
    }

    /** Every document of every {@code *.yaml}/{@code *.yml} file under {@code root}, in path order. */
    public static List<Manifest> loadTree(Path root, Set<String> skippedDirectories) {
        return yamlFiles(root, skippedDirectories).stream().flatMap(f -> loadFile(f).stream()).toList();
    }

    /** The {@code *.yaml}/{@code *.yml} files under {@code root}, in path order, skipping hidden and the named directories. */
    public static List<Path> yamlFiles(Path root, Set<String> skippedDirectories) {
        if (!Files.isDirectory(root)) {
            throw new ManifestException(root + ": not a directory");
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> isYaml(p.getFileName().toString()))
                    .filter(p -> !insideSkipped(root.relativize(p), skippedDirectories))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isYaml(String fileName) {
        return fileName.endsWith(".yaml") || fileName.endsWith(".yml");
    }

    private static boolean insideSkipped(Path relative, Set<String> skipped) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String dir = relative.getName(i).toString();
            if (dir.startsWith(".") || skipped.contains(dir)) {
                return true;
            }
        }
        return false;
    }

    /** Deep, unmodifiable copy with String keys (YAML allows others; Kubernetes does not use them). */
    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new Yaml12Resolver());
    }

    /**
     * YAML 1.2 core-schema scalars: only true/false are booleans; no sexagesimal numbers, no timestamps; digits with
     * a leading zero ({@code 0000000}, an image tag) stay strings rather than becoming octal numbers.
     */
    private static final class Yaml12Resolver extends Resolver {
        private static final Pattern BOOL_12 = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern INT_12 = Pattern.compile("^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$");
        private static final Pattern FLOAT_12 = Pattern.compile(
                "^(?:[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL_12, "tTfF");
            addImplicitResolver(Tag.INT, INT_12, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT_12, "-+.0123456789");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
