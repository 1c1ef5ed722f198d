package io.clusterwise.devstack;

import io.clusterwise.contracts.Evidence;
import io.clusterwise.ingest.replay.DumpFacts;
import io.clusterwise.ingest.replay.DumpFormatException;
import io.clusterwise.worker.diagnosis.Diagnosis;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.diagnosis.IncidentJson;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code clusterwise diagnose --file dump.json [--json]}: the incidents in a {@code kubectl get ... -A -o json} dump,
 * found by the worker's own analyzers, correlation and compression, without Kafka or a model. Exit codes: 0 done
 * (with or without incidents), 2 bad command line or unreadable dump.
 */
final class DiagnoseCommand {

    private static final String CLUSTER = "local";
    private static final int MAX_EVIDENCE_SHOWN = 3;
    private static final int MAX_MESSAGE = 200;

    private final PrintStream out;
    private final PrintStream err;
    private final CommandOptions commandLine;
    private final Clock clock;

    DiagnoseCommand(PrintStream out, PrintStream err) {
        this(out, err, Clock.systemUTC());
    }

    DiagnoseCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.commandLine = new CommandOptions("diagnose", usage(), out, err);
        this.clock = clock;
    }

    static String usage() {
        return """
                Usage: clusterwise diagnose --file DUMP [--json]

                Prints the incidents in a kubectl dump, found by the same analyzers the agent worker runs, with
                no Kafka and no model. Make a dump with, for example:
                  kubectl get events,pods,nodes,deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs,\\
                pvc,services,endpointslices -A -o json > dump.json

                Options:
                  --file DUMP   the dump: a List (or EventList, PodList, ...) as kubectl prints it with -o json
                  --json        print only a JSON array, one object per incident (analyzer, severity, namespace,
                                kind, name, reason, count, firstSeen, lastSeen, summary, evidence, ...)
                  --help        show this help (also -h)

                Exit codes: 0 done (incidents or not), 2 bad options or a dump that cannot be read.
                """;
    }

    int run(List<String> args) {
        return commandLine.run(args, Set.of("--file"), Set.of("--json"), this::run);
    }

    private int run(CommandOptions.Values options) {
        String file = options.value("--file", null);
        boolean json = options.flag("--json");
        if (file == null) {
            return commandLine.usageError("--file is required");
        }
        DumpFacts.Facts facts;
        try {
            facts = DumpFacts.read(Path.of(file), CLUSTER);
        } catch (DumpFormatException e) {
            err.println("clusterwise diagnose: cannot read " + file + ": " + e.getMessage());
            return Main.USAGE;
        }
        List<Incident> incidents = Diagnosis.standard().diagnose(facts.events(), facts.snapshots(), clock.instant());
        if (json) {
            out.println(IncidentJson.write(incidents));
        } else {
            printHuman(file, facts, incidents);
        }
        out.flush();
        return Main.OK;
    }

    private void printHuman(String file, DumpFacts.Facts facts, List<Incident> incidents) {
        String read = facts.snapshots().size() + " objects and " + facts.events().size() + " events";
        if (incidents.isEmpty()) {
            out.println("No incidents in " + file + " (" + read + "): the analyzers found no problem.");
            return;
        }
        out.println(incidents.size() + (incidents.size() == 1 ? " incident" : " incidents") + " in " + file
                + " (" + read + "), most urgent first:");
        for (Incident i : incidents) {
            out.println();
            out.println("[" + i.severity().name().toLowerCase(Locale.ROOT) + "] " + i.reason() + " — "
                    + i.subject().path());
            out.println("  " + i.summary());
            out.println("  seen " + i.count() + (i.count() == 1 ? " time" : " times") + " on " + i.scope()
                    + (i.scope() == 1 ? " object" : " objects") + ", first " + i.firstSeen() + ", last "
                    + i.lastSeen());
            List<Evidence> shown = i.examples().stream().limit(MAX_EVIDENCE_SHOWN).toList();
            if (!shown.isEmpty()) {
                out.println("  evidence:");
                for (Evidence e : shown) {
                    out.println("    " + e.id() + " " + (e.object() == null ? "?" : e.object().path()) + " "
                            + e.reason() + " at " + e.time() + ": " + oneLine(e.message()));
                }
            }
            out.println("  fingerprint: " + i.fingerprint());
        }
    }

    private static String oneLine(String message) {
        String s = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
