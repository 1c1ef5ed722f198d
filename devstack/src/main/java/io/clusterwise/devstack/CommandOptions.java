package io.clusterwise.devstack;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * The options of a one-shot subcommand ({@code diagnose}, {@code replay}): {@code --name value} or
 * {@code --name=value} for the options that take a value, bare {@code --flag}s, and {@code --help}/{@code -h}; and
 * what every such command does with them: help to stdout (exit 0), a problem and the usage to stderr (exit 2).
 */
final class CommandOptions {

    private final String command;
    private final String usage;
    private final PrintStream out;
    private final PrintStream err;

    /** @param command the subcommand's name, prefixed to its messages ({@code clusterwise <command>: ...}) */
    CommandOptions(String command, String usage, PrintStream out, PrintStream err) {
        this.command = command;
        this.usage = usage;
        this.out = out;
        this.err = err;
    }

    /** Parses {@code args} and runs {@code action} with the values, unless help was asked or the options are bad. */
    int run(List<String> args, Set<String> valueOptions, Set<String> flagOptions, ToIntFunction<Values> action) {
        Parsed parsed = parse(args, valueOptions, flagOptions);
        if (parsed instanceof Help) {
            out.print(usage);
            return Main.OK;
        }
        if (parsed instanceof Invalid invalid) {
            return usageError(invalid.message());
        }
        return action.applyAsInt((Values) parsed);
    }

    /** Says what is wrong with the command line, then the usage; the exit code for it. */
    int usageError(String message) {
        err.println("clusterwise " + command + ": " + message);
        err.println();
        err.print(usage);
        return Main.USAGE;
    }

    sealed interface Parsed permits Help, Invalid, Values {
    }

    /** {@code --help} or {@code -h} was given. */
    record Help() implements Parsed {
    }

    /** @param message what is wrong, e.g. {@code unknown option '--bogus'} or {@code --file needs a value} */
    record Invalid(String message) implements Parsed {
    }

    record Values(Map<String, String> values, Set<String> flags) implements Parsed {

        /** The option's value, or {@code fallback} when it was not given. */
        String value(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        boolean flag(String name) {
            return flags.contains(name);
        }
    }

    static Parsed parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                return new Help();
            }
            if (flagOptions.contains(a)) {
                flags.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq >= 0 ? a.substring(0, eq) : a;
            if (!valueOptions.contains(name)) {
                return new Invalid("unknown option '" + a + "'");
            }
            String value;
            if (eq >= 0) {
                value = a.substring(eq + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                return new Invalid(name + " needs a value");
            }
            if (value.isBlank()) {
                return new Invalid(name + " needs a value");
            }
            values.put(name, value);
        }
        return new Values(Map.copyOf(values), Set.copyOf(flags));
    }
}
