package io.clusterwise.platform;

import java.util.Optional;

/**
 * One entry of a kustomization's {@code images:} list: containers whose image is {@code name} get
 * {@code newName:newTag} (or {@code @digest}).
 */
public record KustomizeImage(String name, Optional<String> newName, Optional<String> newTag, Optional<String> digest) {

    /** The repository the rendered containers use: {@code newName} if set, else {@code name}. */
    public String effectiveName() {
        return newName.orElse(name);
    }

    static KustomizeImage from(Manifest entry) {
        String name = entry.string("name").orElseThrow(
                () -> new ManifestException(entry.origin() + ": an images entry needs a name"));
        return new KustomizeImage(name, entry.string("newName"), entry.string("newTag"), entry.string("digest"));
    }
}
