package io.clusterwise.ingest.logs;

/** Where a container run's log is read from: the API server's {@code pods/log}. */
interface LogSource {

    /**
     * The last {@code tailLines} lines of the run's log, at most {@code limitBytes} bytes of them (the API cuts the
     * end off when they are longer); empty when the run wrote nothing.
     *
     * @throws LogReadException when the API refused or failed (with its HTTP status, 0 when there was none)
     */
    String read(LogRead read, int tailLines, int limitBytes) throws LogReadException;

    /** A read the API refused or that failed; {@code status} is the HTTP status, 0 when there was none. */
    final class LogReadException extends Exception {
        private final int status;

        LogReadException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
