package io.clusterwise.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code images:} entry of the {@code ImageUpdater}, with the settings that apply to it: the image's own
 * {@code commonUpdateSettings}, else its applicationRef's, else the spec's (the CRD's override order).
 *
 * @param repository    {@code imageName} without the version constraint, e.g. {@code ollama/ollama}
 * @param constraint    the semver constraint written after the name ({@code ollama/ollama:~0.24}), if any
 * @param kustomizeName the {@code manifestTargets.kustomize.name}: the kustomize {@code images:} entry it rewrites
 */
record TrackedImage(String alias, String repository, Optional<String> constraint, String kustomizeName,
                    String updateStrategy, String allowTags) {

    /** Image Updater's {@code regexp:<expression>} form; the expression is searched in the tag (Go's MatchString). */
    private static Pattern allowTagsPattern(String allowTags) {
        if (!allowTags.startsWith("regexp:")) {
            throw new IllegalArgumentException("allowTags must be regexp:<expression>, is " + allowTags);
        }
        return Pattern.compile(allowTags.substring("regexp:".length()));
    }

    static List<TrackedImage> of(Manifest updater) {
        List<TrackedImage> out = new ArrayList<>();
        for (Manifest ref : updater.children("spec", "applicationRefs")) {
            for (Manifest image : ref.children("images")) {
                String imageName = image.string("imageName").orElseThrow();
                int lastSlash = imageName.lastIndexOf('/');
                int colon = imageName.indexOf(':', lastSlash + 1);
                out.add(new TrackedImage(
                        image.string("alias").orElseThrow(),
                        colon < 0 ? imageName : imageName.substring(0, colon),
                        colon < 0 ? Optional.empty() : Optional.of(imageName.substring(colon + 1)),
                        image.string("manifestTargets", "kustomize", "name").orElse(""),
                        setting(updater, ref, image, "updateStrategy").orElse("semver"), // the CRD's default
                        setting(updater, ref, image, "allowTags").orElse("")));
            }
        }
        return out;
    }

    /** Whether the updater would consider {@code tag}: allowed by {@link #allowTags} and within the constraint. */
    boolean picks(String tag) {
        return !allowTags.isEmpty() && allowTagsPattern(allowTags).matcher(tag).find()
                && constraint.map(c -> satisfiesTilde(c, tag)).orElse(true);
    }

    private static final Pattern TILDE = Pattern.compile("~(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /**
     * Masterminds semver's tilde range, the one form used here: {@code ~1.2} and {@code ~1.2.3} allow the same
     * major.minor at or above the given patch. Any other form fails, so a new constraint gets a check of its own.
     */
    static boolean satisfiesTilde(String constraint, String version) {
        Matcher c = TILDE.matcher(constraint);
        if (!c.matches()) {
            throw new IllegalArgumentException("only ~MAJOR.MINOR[.PATCH] constraints are checked here, not " + constraint);
        }
        Matcher v = VERSION.matcher(version);
        if (!v.matches()) {
            return false;
        }
        int minPatch = c.group(3) == null ? 0 : Integer.parseInt(c.group(3));
        return v.group(1).equals(c.group(1)) && v.group(2).equals(c.group(2))
                && Integer.parseInt(v.group(3)) >= minPatch;
    }

    private static Optional<String> setting(Manifest updater, Manifest ref, Manifest image, String key) {
        return image.string("commonUpdateSettings", key)
                .or(() -> ref.string("commonUpdateSettings", key))
                .or(() -> updater.string("spec", "commonUpdateSettings", key));
    }
}
