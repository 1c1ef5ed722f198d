package io.clusterwise.platform;

/** A manifest or kustomization that cannot be read; the message names the file (and document) and the problem. */
public class ManifestException extends RuntimeException {

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
