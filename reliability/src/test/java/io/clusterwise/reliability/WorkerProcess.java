package io.clusterwise.reliability;

import io.clusterwise.devstack.ServiceLauncher;
import io.clusterwise.devstack.StackPart;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * An agent-worker in a JVM of its own, so a test can kill it the way the kernel's OOM killer or a lost node does:
 * {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()}), so no shutdown hook runs, no consumer leaves its
 * group, no offset is committed and no answer in flight is finished. It runs this JVM's {@code java} with this JVM's
 * class path (the test class path holds every service) and the worker's main class
 * ({@link ServiceLauncher#application}), with the properties {@link ServiceLauncher#start} would give it as
 * {@code --key=value} arguments; its output goes to {@code target/worker-processes/<name>.log}.
 * {@link #start} returns once the worker holds partitions of {@code agent.questions}. Whatever happens to the test,
 * the process is killed by {@link #close()} or, at the latest, when this JVM exits.
 */
final class WorkerProcess implements AutoCloseable {

    /** The consumer group of {@code agent.questions} (the worker's {@code spring.kafka.consumer.group-id}). */
    static final String QUESTION_GROUP = "clusterwise-agent-worker";
    static final Path LOG_DIR = Path.of("target", "worker-processes");

    /** A fresh JVM starting Spring Boot on two shared cores: generous, but a worker that cannot start fails fast. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread killOnExit;

    private WorkerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a worker JVM and waits until it is a member of {@link #QUESTION_GROUP} holding partitions.
     *
     * @param name       the worker's instance id and the name of its log file
     * @param broker     the broker it reads from and writes to
     * @param properties its properties (e.g. {@link ReliabilityStack#workerProperties}); they win over the ones here
     * @throws IllegalStateException with the end of its log when it exits or does not join in time
     */
    static WorkerProcess start(String name, RestartableBroker broker, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServiceLauncher.application(StackPart.WORKER).getName());
        command.add("--server.port=0");
        command.add("--spring.kafka.bootstrap-servers=" + broker.bootstrapServers());
        command.add("--clusterwise.worker.instance-id=" + name);
        // the log shows when the worker took a question and started answering it
        command.add("--logging.level.io.clusterwise.worker.answer=DEBUG");
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));

        Path log = LOG_DIR.resolve(name + ".log");
        try (Admin admin = broker.admin()) {
            Set<String> membersBefore = memberIds(admin);
            Files.createDirectories(LOG_DIR);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            WorkerProcess worker = new WorkerProcess(name, process, log);
            try {
                worker.awaitTakingQuestions(admin, membersBefore);
                return worker;
            } catch (RuntimeException | Error e) {
                worker.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + name, e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * SIGKILL, then waits for the process to be gone: the worker gets no chance to finish, commit or leave its group.
     *
     * @return the exit value (137 for a killed JVM on Linux)
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("worker " + name + " (pid " + pid() + ") still runs " + EXIT_TIMEOUT
                    + " after SIGKILL");
        }
        return process.exitValue();
    }

    /** The last {@code lines} lines of its output. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Kills the process if it still runs. Idempotent. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException alreadyExiting) {
            // the JVM is exiting: the hook runs anyway, and the process is gone already
        }
    }

    @Override
    public String toString() {
        return "WorkerProcess[" + name + ", pid " + pid() + (alive() ? ", running" : ", exited") + ", log " + log + "]";
    }

    /** Until a member that was not in the group before holds partitions of agent.questions and the group is stable. */
    private void awaitTakingQuestions(Admin admin, Set<String> membersBefore) {
        await("worker " + name + " holding partitions of agent.questions (log: " + log.toAbsolutePath() + ")")
                .atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("worker " + name + " exited with " + process.exitValue()
                                + " before it took questions; its log " + log.toAbsolutePath() + " ends:\n"
                                + logTail(40));
                    }
                    ConsumerGroupDescription group = describe(admin);
                    return group != null && group.groupState() == GroupState.STABLE && group.members().stream()
                            .anyMatch(m -> !membersBefore.contains(m.consumerId())
                                    && !m.assignment().topicPartitions().isEmpty());
                });
    }

    private static Set<String> memberIds(Admin admin) {
        ConsumerGroupDescription group = describe(admin);
        return group == null ? Set.of()
                : group.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
    }

    /** The question group as the broker describes it now; null when it does not exist yet. */
    static ConsumerGroupDescription describe(Admin admin) {
        try {
            return admin.describeConsumerGroups(List.of(QUESTION_GROUP)).describedGroups().get(QUESTION_GROUP)
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw new IllegalStateException("cannot describe consumer group " + QUESTION_GROUP, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot describe consumer group " + QUESTION_GROUP + " within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing consumer group " + QUESTION_GROUP, e);
        }
    }
}
