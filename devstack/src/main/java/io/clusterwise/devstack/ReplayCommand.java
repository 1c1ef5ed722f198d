package io.clusterwise.devstack;

import io.clusterwise.ingest.replay.DumpFacts;
import io.clusterwise.ingest.replay.DumpFormatException;
import io.clusterwise.ingest.replay.ReplayPublisher;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code clusterwise replay --file dump.json [--bootstrap-servers host:port] [--cluster-name NAME]}: publishes a
 * {@code kubectl get ... -A -o json} dump to Kafka exactly as the ingest service would publish those objects
 * (snapshots on {@code cluster.state}, facts on {@code cluster.events}), in one transaction. The whole file is read
 * and checked first. Exit codes: 0 done, 1 could not publish (nothing was), 2 bad command line or bad dump.
 */
final class ReplayCommand {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    static final String DEFAULT_CLUSTER_NAME = "local";
    /** Progress is shown every this many records, for dumps larger than it. */
    static final int PROGRESS_EVERY = 1000;
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);

    private final PrintStream out;
    private final PrintStream err;
    private final CommandOptions commandLine;
    private final Duration kafkaTimeout;

    ReplayCommand(PrintStream out, PrintStream err) {
        this(out, err, KAFKA_TIMEOUT);
    }

    ReplayCommand(PrintStream out, PrintStream err, Duration kafkaTimeout) {
        this.out = out;
        this.err = err;
        this.commandLine = new CommandOptions("replay", usage(), out, err);
        this.kafkaTimeout = kafkaTimeout;
    }

    static String usage() {
        return """
                Usage: clusterwise replay --file DUMP [--bootstrap-servers HOST:PORT] [--cluster-name NAME]

                Publishes a kubectl dump to Kafka exactly as the ingest service publishes what it watches:
                snapshots on cluster.state, facts on cluster.events, with the objects' own timestamps. The whole
                file is checked first and published in one transaction: a bad file or a failure publishes nothing.
                Make a dump with, for example:
                  kubectl get events,pods,nodes,deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs,\\
                pvc,services,endpointslices -A -o json > dump.json

                Options:
                  --file DUMP                  the dump: a List (or EventList, PodList, ...) from kubectl -o json
                  --bootstrap-servers H:P      Kafka (default localhost:9092, the local stack's)
                  --cluster-name NAME          the envelope source, as clusterwise.cluster-name (default local)
                  --help                       show this help (also -h)

                Exit codes: 0 published, 1 could not publish (nothing was), 2 bad options or a dump that cannot be read.
                """;
    }

    int run(List<String> args) {
        return commandLine.run(args, Set.of("--file", "--bootstrap-servers", "--cluster-name"), Set.of(), this::run);
    }

    private int run(CommandOptions.Values options) {
        String file = options.value("--file", null);
        String bootstrap = options.value("--bootstrap-servers", DEFAULT_BOOTSTRAP_SERVERS);
        String cluster = options.value("--cluster-name", DEFAULT_CLUSTER_NAME);
        if (file == null) {
            return commandLine.usageError("--file is required");
        }
        DumpFacts.Facts facts;
        try {
            facts = DumpFacts.read(Path.of(file), cluster);
        } catch (DumpFormatException e) {
            err.println("clusterwise replay: cannot read " + file + ": " + e.getMessage());
            err.println("clusterwise replay: nothing was published");
            return Main.USAGE;
        }
        int total = facts.snapshots().size() + facts.events().size();
        out.println("replaying " + file + ": " + facts.snapshots().size() + " snapshots and " + facts.events().size()
                + " facts as cluster " + cluster + " to Kafka at " + bootstrap);
        ReplayPublisher publisher = new ReplayPublisher(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), cluster, kafkaTimeout);
        try {
            publisher.publish(facts, PROGRESS_EVERY, (done, all) -> {
                if (all > PROGRESS_EVERY && done < all) {
                    out.println("  " + done + "/" + all + " records sent");
                }
            });
        } catch (ReplayPublisher.ReplayPublishException e) {
            err.println("clusterwise replay: could not publish to " + bootstrap + ": " + e.getMessage());
            return Main.FAILED;
        }
        out.println("published " + total + " records: " + facts.snapshots().size() + " on cluster.state, "
                + facts.events().size() + " on cluster.events");
        out.flush();
        return Main.OK;
    }

}
