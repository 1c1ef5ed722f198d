package io.clusterwise.ingest.replay;

/**
 * A kubectl dump that cannot be replayed. The message names the problem and where it is: {@code line:column} for
 * JSON that does not parse (or ends too early), {@code item N} (0-based, as in {@code .items[N]}) for an object
 * that is not a kind ingest reads.
 */
public class DumpFormatException extends RuntimeException {

    public DumpFormatException(String message) {
        super(message);
    }

    public DumpFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
