package io.clusterwise.devstack;

import java.io.PrintStream;
import java.util.List;

/** {@code clusterwise diagnose}: placeholder until its issue builds it. */
final class DiagnoseCommand {

    private final PrintStream out;
    private final PrintStream err;

    DiagnoseCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        err.println("clusterwise diagnose: not built yet");
        return Main.USAGE;
    }
}
