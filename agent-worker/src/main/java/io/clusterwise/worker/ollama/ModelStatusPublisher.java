package io.clusterwise.worker.ollama;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.ModelStatus;
import io.clusterwise.contracts.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes this worker's {@link ModelStatus} on the compacted {@code agent.models}, key = the worker's instance id:
 * every {@code clusterwise.worker.model-status.interval}, and at once when the outcome of its answers changes
 * ({@link LastAnswer}); a tombstone when it stops cleanly. Checks run on one thread of their own, never on an
 * answer's or the listener's.
 */
final class ModelStatusPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ModelStatusPublisher.class);
    private static final long STOP_WAIT_SECONDS = 5;

    /**
     * @param workerId    {@code clusterwise.worker.instance-id}
     * @param clusterName the envelope's source
     */
    record Identity(String workerId, String clusterName, String ollamaUrl, String model) {
    }

    private final Identity identity;
    private final ModelCheck check;
    private final LastAnswer answers;
    private final FailureNotice notices;
    private final KafkaTemplate<String, Envelope<?>> kafka;
    private final Duration interval;
    private final Clock clock;
    private final Object sending = new Object();
    private final AtomicBoolean changePending = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private boolean stopped;
    private ModelStatus.State lastState;

    ModelStatusPublisher(Identity identity, ModelCheck check, LastAnswer answers, FailureNotice notices,
                         KafkaTemplate<String, Envelope<?>> kafka, Duration interval, Clock clock) {
        this.identity = identity;
        this.check = check;
        this.answers = answers;
        this.notices = notices;
        this.kafka = kafka;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "clusterwise-model-status");
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        synchronized (sending) {
            stopped = false;
        }
        executor = pool;
        answers.onChange(this::publishSoon);
        executor.scheduleWithFixedDelay(this::publish, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops checking, then removes this worker's status (a tombstone), so readers do not count a stopped worker. */
    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running == null) {
            return;
        }
        synchronized (sending) {
            stopped = true;
        }
        running.shutdownNow();
        try {
            running.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            kafka.send(Topic.AGENT_MODELS.topicName(), identity.workerId(), null)
                    .get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            log.info("removed the model status of worker {} from {}", identity.workerId(),
                    Topic.AGENT_MODELS.topicName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("could not remove the model status of worker {} from {}: {}", identity.workerId(),
                    Topic.AGENT_MODELS.topicName(), e.getMessage());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** A change of the answers' outcome: publish once more, right away (changes arriving meanwhile fold into it). */
    private void publishSoon() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
        }
        if (running != null && changePending.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    changePending.set(false);
                    publish();
                });
            } catch (RuntimeException e) {
                changePending.set(false); // stopping: nothing more to publish
            }
        }
    }

    private void publish() {
        try {
            ModelStatus status = status(identity, notices, check.check(), answers.outcome(), clock.instant());
            synchronized (sending) {
                if (stopped) {
                    return;
                }
                kafka.send(Topic.AGENT_MODELS.topicName(), identity.workerId(),
                        Envelope.of(identity.clusterName(), identity.workerId(), status))
                        .whenComplete((result, error) -> {
                            if (error != null) {
                                log.warn("could not publish the model status of worker {}: {}",
                                        identity.workerId(), error.getMessage());
                            }
                        });
            }
            logChange(status);
        } catch (RuntimeException e) {
            log.warn("could not check the model of worker {}: {}", identity.workerId(), e.toString());
        }
    }

    /**
     * The first check says in one line whether answers will come from the model or be findings-only; each later
     * change of state is logged too.
     */
    private void logChange(ModelStatus status) {
        ModelStatus.State before = lastState;
        lastState = status.state();
        if (before == null) {
            if (status.usable()) {
                log.info("Ollama at {} answers; model {} is available", status.ollamaUrl(), status.configuredModel());
            } else {
                log.warn("{}; findings-only answers until it does (available: {}); to do: {}", status.detail(),
                        status.available().isEmpty() ? "none"
                                : status.available().stream().map(ModelStatus.Available::name).toList(),
                        status.action());
            }
            return;
        }
        if (before == status.state()) {
            return;
        }
        if (status.usable()) {
            log.info("model {} on {} is {} (was {})", status.configuredModel(), status.ollamaUrl(), status.state(),
                    before);
        } else {
            log.warn("model {} on {} is {} (was {}): {}; to do: {}", status.configuredModel(), status.ollamaUrl(),
                    status.state(), before, status.detail(), status.action());
        }
    }

    /**
     * The verdict, worst cause first: Ollama does not answer; it answers without the model; the model's last answer
     * failed; else ready.
     */
    static ModelStatus status(Identity identity, FailureNotice notices, ModelCheck.Seen seen,
                              LastAnswer.Outcome outcome, Instant now) {
        ModelStatus.State state;
        String detail = null;
        String action = null;
        if (seen.unreachable() != null) {
            state = ModelStatus.State.UNREACHABLE;
            detail = seen.unreachable();
            action = notices.startOllama();
        } else if (!seen.pulled()) {
            state = ModelStatus.State.NOT_PULLED;
            detail = notices.notPulledDetail();
            action = notices.pullCommand();
        } else if (Boolean.FALSE.equals(outcome.answering())) {
            // until the next answer comes from the model; if its cause is gone (Ollama is back, the model pulled),
            // asking again is all there is to do
            state = ModelStatus.State.FAILING;
            detail = outcome.failure();
            action = notices.action(outcome.failure());
            if (notices.startOllama().equals(action) || notices.pullCommand().equals(action)) {
                action = notices.askAgain();
            }
        } else {
            state = ModelStatus.State.READY;
        }
        return new ModelStatus(identity.workerId(), identity.ollamaUrl(), identity.model(), state, seen.available(),
                seen.loaded(), outcome.answering(), detail, action, now, outcome.lastAnswerAt());
    }
}
