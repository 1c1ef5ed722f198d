package io.clusterwise.devstack;

import java.io.PrintStream;
import java.util.List;

/** {@code clusterwise replay}: placeholder until its issue builds it. */
final class ReplayCommand {

    private final PrintStream out;
    private final PrintStream err;

    ReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        err.println("clusterwise replay: not built yet");
        return Main.USAGE;
    }
}
