package io.clusterwise.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * Every setting of the agent-worker, parsed and checked once at start-up; a bad value fails start-up with a message
 * that names its key. Kafka itself is configured through Spring Boot's {@code spring.kafka.*} keys.
 *
 * @param clusterName {@code clusterwise.cluster-name}: the envelope {@code source} of everything the worker publishes
 */
@ConfigurationProperties("clusterwise")
public record WorkerProperties(@DefaultValue("local") String clusterName, @DefaultValue Worker worker) {

    public WorkerProperties {
        require(clusterName != null && !clusterName.isBlank(), "clusterwise.cluster-name must not be blank");
    }

    /**
     * @param answerDeadline       {@code clusterwise.worker.answer-deadline}: a question's final reply is always sent
     *                             within this, findings-only if the model has not finished
     * @param maxConcurrentAnswers {@code clusterwise.worker.max-concurrent-answers}: questions answered at once; the
     *                             question listener waits for a free slot rather than dropping a question
     * @param logs                 {@code clusterwise.worker.logs.*}: container log lines cited as evidence; its
     *                             look-back defaults to the window's max-age
     * @param instanceId           {@code clusterwise.worker.instance-id}: this worker's name on {@code agent.models};
     *                             when not set, the {@code HOSTNAME} environment variable (the pod's name), else a
     *                             generated {@code agent-worker-<random>}
     * @param questions            {@code clusterwise.worker.questions.*}: the group membership of the question
     *                             listener, i.e. how soon another worker takes over the questions of one that died
     */
    public record Worker(@DefaultValue Ollama ollama, @DefaultValue("PT60S") Duration answerDeadline,
                         @DefaultValue Window window, @DefaultValue("4") int maxConcurrentAnswers,
                         @DefaultValue State state, @DefaultValue Episodes episodes, @DefaultValue Logs logs,
                         String instanceId, @DefaultValue ModelStatus modelStatus,
                         @DefaultValue Questions questions) {
        @ConstructorBinding
        public Worker {
            requirePositive(answerDeadline, "clusterwise.worker.answer-deadline");
            require(maxConcurrentAnswers >= 1 && maxConcurrentAnswers <= 256,
                    "clusterwise.worker.max-concurrent-answers must be between 1 and 256, was " + maxConcurrentAnswers);
            if (logs == null) {
                logs = new Logs(true, Logs.DEFAULT_MAX_CONTAINERS, Logs.DEFAULT_MAX_LINES, null);
            }
            if (logs.lookBack() == null && window != null) {
                logs = new Logs(logs.enabled(), logs.maxContainers(), logs.maxLines(), window.maxAge());
            }
            instanceId = isBlank(instanceId) ? defaultInstanceId(System.getenv("HOSTNAME")) : instanceId.strip();
            if (modelStatus == null) {
                modelStatus = new ModelStatus(ModelStatus.DEFAULT_INTERVAL);
            }
            if (questions == null) {
                questions = new Questions(Questions.DEFAULT_SESSION_TIMEOUT, Questions.DEFAULT_HEARTBEAT_INTERVAL);
            }
        }

        /** Without {@code logs}, {@code instance-id}, {@code model-status} and {@code questions}: the defaults. */
        public Worker(Ollama ollama, Duration answerDeadline, Window window, int maxConcurrentAnswers, State state,
                      Episodes episodes) {
            this(ollama, answerDeadline, window, maxConcurrentAnswers, state, episodes, null, null, null, null);
        }

        static String defaultInstanceId(String hostname) {
            return isBlank(hostname) ? "agent-worker-" + UUID.randomUUID().toString().substring(0, 8)
                    : hostname.strip();
        }
    }

    /**
     * @param interval {@code clusterwise.worker.model-status.interval}: how often this worker checks Ollama and
     *                 publishes its model status on {@code agent.models} (also at once when its answers start or
     *                 stop failing)
     */
    public record ModelStatus(@DefaultValue("PT30S") Duration interval) {
        static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

        public ModelStatus {
            requirePositive(interval, "clusterwise.worker.model-status.interval");
        }
    }

    /**
     * The question listener's membership of group {@code clusterwise-agent-worker} (its consumer only; the other
     * consumers keep Kafka's defaults). A worker that dies without leaving the group holds its partitions of
     * {@code agent.questions} until its session times out; then another worker takes them and answers again what
     * the dead one left unfinished.
     *
     * @param sessionTimeout    {@code clusterwise.worker.questions.session-timeout}: the consumer's
     *                          {@code session.timeout.ms}; the broker must allow it (its
     *                          {@code group.min.session.timeout.ms}, 6 s by default)
     * @param heartbeatInterval {@code clusterwise.worker.questions.heartbeat-interval}: the consumer's
     *                          {@code heartbeat.interval.ms}; less than the session timeout (a third of it or less)
     */
    public record Questions(@DefaultValue("PT10S") Duration sessionTimeout,
                            @DefaultValue("PT3S") Duration heartbeatInterval) {
        static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
        static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(3);

        public Questions {
            requirePositive(sessionTimeout, "clusterwise.worker.questions.session-timeout");
            requirePositive(heartbeatInterval, "clusterwise.worker.questions.heartbeat-interval");
            require(heartbeatInterval.compareTo(sessionTimeout) < 0,
                    "clusterwise.worker.questions.heartbeat-interval must be less than "
                            + "clusterwise.worker.questions.session-timeout (" + sessionTimeout + "), was "
                            + heartbeatInterval);
        }
    }

    /**
     * @param baseUrl {@code clusterwise.worker.ollama.base-url}
     * @param model   {@code clusterwise.worker.ollama.model}
     * @param timeout {@code clusterwise.worker.ollama.timeout}: langchain4j's connect and read timeout
     * @param numCtx  {@code clusterwise.worker.ollama.num-ctx}: the model's context window in tokens; prompts are
     *                budgeted against it
     */
    public record Ollama(@DefaultValue("http://localhost:11434") String baseUrl, @DefaultValue("mistral") String model,
                         @DefaultValue("PT60S") Duration timeout, @DefaultValue("4096") int numCtx) {
        public Ollama {
            require(baseUrl != null && isHttpUrl(baseUrl),
                    "clusterwise.worker.ollama.base-url must be an http(s) URL such as http://localhost:11434, was '"
                            + redact(baseUrl) + "'");
            require(model != null && !model.isBlank(), "clusterwise.worker.ollama.model must not be blank");
            requirePositive(timeout, "clusterwise.worker.ollama.timeout");
            require(numCtx >= 512, "clusterwise.worker.ollama.num-ctx must be at least 512 tokens, was " + numCtx);
        }

        /** The base URL without any user-info, fit for logs and user-facing notices. */
        public String displayUrl() {
            return redact(baseUrl);
        }

        @Override
        public String toString() {
            return "Ollama[baseUrl=" + displayUrl() + ", model=" + model + ", timeout=" + timeout + ", numCtx="
                    + numCtx + "]";
        }
    }

    /**
     * @param maxEvents {@code clusterwise.worker.window.max-events}: events kept in memory; the oldest go first
     * @param maxAge    {@code clusterwise.worker.window.max-age}: events whose Kafka record is older are dropped
     */
    public record Window(@DefaultValue("10000") int maxEvents, @DefaultValue("PT1H") Duration maxAge) {
        public Window {
            require(maxEvents >= 1, "clusterwise.worker.window.max-events must be at least 1, was " + maxEvents);
            requirePositive(maxAge, "clusterwise.worker.window.max-age");
        }
    }

    /**
     * @param maxObjects {@code clusterwise.worker.state.max-objects}: objects of {@code cluster.state} held (reduced
     *                   to their facts); beyond it the least recently updated are dropped
     */
    public record State(@DefaultValue("50000") int maxObjects) {
        public State {
            require(maxObjects >= 1, "clusterwise.worker.state.max-objects must be at least 1, was " + maxObjects);
        }
    }

    /**
     * @param enabled       {@code clusterwise.worker.logs.enabled}: read {@code cluster.logs} and cite the last log
     *                      lines of failing containers as evidence
     * @param maxContainers {@code clusterwise.worker.logs.max-containers}: containers whose latest log excerpt is
     *                      held; beyond it the least recently updated are dropped (counted)
     * @param maxLines      {@code clusterwise.worker.logs.max-lines}: the last lines kept of each excerpt (the
     *                      model's token budget may cut further)
     * @param lookBack      {@code clusterwise.worker.logs.look-back}: excerpts published longer ago are not read
     *                      (at start-up) and are forgotten; unset = {@code clusterwise.worker.window.max-age}
     */
    public record Logs(@DefaultValue("true") boolean enabled,
                       @DefaultValue("2000") int maxContainers,
                       @DefaultValue("30") int maxLines, Duration lookBack) {

        /** The defaults of the annotations above, for a {@link Worker} made without {@code logs}. */
        static final int DEFAULT_MAX_CONTAINERS = 2000;
        static final int DEFAULT_MAX_LINES = 30;
        static final int MAX_LINES_LIMIT = 200;

        public Logs {
            require(maxContainers >= 1, "clusterwise.worker.logs.max-containers must be at least 1, was "
                    + maxContainers);
            require(maxLines >= 1 && maxLines <= MAX_LINES_LIMIT,
                    "clusterwise.worker.logs.max-lines must be between 1 and " + MAX_LINES_LIMIT + ", was " + maxLines);
            require(lookBack == null || !lookBack.isNegative() && !lookBack.isZero(),
                    "clusterwise.worker.logs.look-back must be a positive duration such as PT1H, was " + lookBack);
        }
    }

    /**
     * @param quietPeriod        {@code clusterwise.worker.episodes.quiet-period}: an episode resolves after this
     *                           long without new evidence
     * @param escalationFactor   {@code clusterwise.worker.episodes.escalation-factor}: an open episode escalates when
     *                           its count or scope reaches this many times what was last announced
     * @param checkInterval      {@code clusterwise.worker.episodes.check-interval}: how often incidents are compared
     *                           with episodes
     * @param explanationTimeout {@code clusterwise.worker.episodes.explanation-timeout}: how long the model may take
     *                           to explain the transitions of one check; insights go out without an explanation after
     * @param ownerGrace         {@code clusterwise.worker.episodes.owner-grace}: how long a new incident waits while
     *                           its subject is a Pod, ReplicaSet or Job that object state does not hold yet (its
     *                           Deployment or CronJob may still become known); then it opens under that subject
     */
    public record Episodes(@DefaultValue("PT15M") Duration quietPeriod, @DefaultValue("3") int escalationFactor,
                           @DefaultValue("PT1S") Duration checkInterval,
                           @DefaultValue("PT10S") Duration explanationTimeout,
                           @DefaultValue("PT10S") Duration ownerGrace) {
        public Episodes {
            requirePositive(quietPeriod, "clusterwise.worker.episodes.quiet-period");
            require(escalationFactor >= 2, "clusterwise.worker.episodes.escalation-factor must be at least 2, was "
                    + escalationFactor);
            requirePositive(checkInterval, "clusterwise.worker.episodes.check-interval");
            require(explanationTimeout != null && !explanationTimeout.isNegative(),
                    "clusterwise.worker.episodes.explanation-timeout must be PT0S (no explanations) or positive, was "
                            + explanationTimeout);
            require(ownerGrace != null && !ownerGrace.isNegative(),
                    "clusterwise.worker.episodes.owner-grace must be PT0S (no wait) or positive, was " + ownerGrace);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void requirePositive(Duration value, String key) {
        require(value != null && !value.isNegative() && !value.isZero(),
                key + " must be a positive duration such as PT60S, was " + value);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Drops {@code user:password@} from a URL so a credential never reaches a log line or a reply. */
    static String redact(String url) {
        return url == null ? null : url.replaceFirst("(?<=://)[^/@]*@", "***@");
    }
}
