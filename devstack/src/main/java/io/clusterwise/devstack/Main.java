package io.clusterwise.devstack;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code clusterwise} on the command line (the root script {@code ./clusterwise} runs this jar). Exit codes: 0 done,
 * 1 could not start, 2 bad command line.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;

    /** A command line writing to these streams (the end-to-end tests compare its output with the HTTP API's). */
    public Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new Main(System.out, System.err).run(args);
        if (code != OK) {
            System.exit(code);
        }
    }

    static String usage() {
        return """
                Usage: clusterwise <command> [options]

                Commands:
                  up        start the whole system locally (Kafka, a simulated cluster, the three services)
                  diagnose  print the incidents in a kubectl dump (no Kafka, no model); --help for options
                  replay    publish a kubectl dump to Kafka as ingest would; --help for options
                  help      show this help

                """ + UpCommandLine.usage();
    }

    /** Runs one command; {@code up} returns only if it could not start (it runs until the JVM is stopped). */
    public int run(String[] args) {
        if (args.length == 0) {
            err.print(usage());
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "help", "-h", "--help" -> {
                out.print(usage());
                return OK;
            }
            case "up" -> {
                return up(rest);
            }
            case "diagnose" -> {
                return new DiagnoseCommand(out, err).run(rest);
            }
            case "replay" -> {
                return new ReplayCommand(out, err).run(rest);
            }
            default -> {
                err.println("clusterwise: unknown command '" + args[0] + "'");
                err.println();
                err.print(usage());
                return USAGE;
            }
        }
    }

    private int up(List<String> args) {
        UpCommandLine.Parsed parsed = UpCommandLine.parse(args);
        if (parsed instanceof UpCommandLine.Parsed.Help) {
            out.print(UpCommandLine.usage());
            return OK;
        }
        if (parsed instanceof UpCommandLine.Parsed.Invalid invalid) {
            err.println("clusterwise up: " + invalid.message());
            err.println();
            err.print(UpCommandLine.usage());
            return USAGE;
        }
        StackOptions options = ((UpCommandLine.Parsed.Run) parsed).options();
        LocalStack stack = LocalStack.create(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(stack, stopped), "clusterwise-shutdown");
        // registered before starting, so Ctrl-C during start-up also stops what has started
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stack.start();
        } catch (RuntimeException e) {
            if (!removeHook(hook)) {
                // Ctrl-C during start-up: the hook is already stopping what had started
                awaitQuietly(stopped);
                return FAILED;
            }
            err.println(failureMessage(e));
            return FAILED;
        }
        out.print(StartupBanner.render(stack));
        out.flush();
        awaitQuietly(stopped);
        return OK;
    }

    private static String failureMessage(RuntimeException e) {
        if (e instanceof PortInUseException taken) {
            return "clusterwise up: " + taken.getMessage() + "; choose another with "
                    + UpCommandLine.optionFor(taken.part()) + " N (0 picks a free one)";
        }
        return "clusterwise up: could not start: " + e.getMessage();
    }

    /** False when the JVM is already shutting down (the hook then runs regardless). */
    private static boolean removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /** Runs in the shutdown hook (Ctrl-C, SIGTERM): stops the stack and says so. */
    private void stop(LocalStack stack, CountDownLatch stopped) {
        out.println();
        out.println("clusterwise: stopping (gateway, worker, ingest, cluster, Kafka) ...");
        try {
            stack.close();
            out.println("clusterwise: stopped.");
        } catch (RuntimeException e) {
            err.println("clusterwise: " + e.getMessage());
        } finally {
            out.flush();
            stopped.countDown();
        }
    }

    /** Blocks the main thread until the shutdown hook has stopped the stack. */
    private static void awaitQuietly(CountDownLatch stopped) {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
