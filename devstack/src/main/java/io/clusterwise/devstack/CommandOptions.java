package io.clusterwise.devstack;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of a one-shot subcommand ({@code diagnose}, {@code replay}): {@code --name value} or
 * {@code --name=value} for the options that take a value, bare {@code --flag}s, and {@code --help}/{@code -h}.
 */
final class CommandOptions {

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

    private CommandOptions() {
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
