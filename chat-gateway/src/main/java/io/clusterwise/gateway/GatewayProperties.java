package io.clusterwise.gateway;

import io.clusterwise.contracts.Topic;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Everything the gateway reads from configuration, parsed and checked once at start-up. Each message names the key to
 * fix, because that is what the person reading the start-up failure has to change.
 *
 * @param clusterName {@code clusterwise.cluster-name}: the envelope {@code source} of every question
 * @param gateway     {@code clusterwise.gateway.*}
 */
@Validated
@ConfigurationProperties(prefix = "clusterwise")
public record GatewayProperties(
        @DefaultValue("local") @NotBlank(message = "clusterwise.cluster-name must not be blank") String clusterName,
        @DefaultValue @Valid @NotNull Gateway gateway) {

    /**
     * @param replyPartition    this instance's partition of {@code agent.replies}; every instance needs its own
     * @param answerTimeout     how long a chat stream waits for the worker's {@code Complete} before a {@code timeout} event
     * @param maxQuestionLength longer questions are refused with 400
     * @param maxPendingAnswers how many chat streams may wait for an answer at once; more are refused with 503
     * @param heartbeatInterval how often open SSE streams get a comment line, so proxies keep them and dead
     *                          clients are noticed
     * @param diagnoseTimeout   how long {@code GET /api/diagnose} and {@code GET /api/namespaces} wait for the worker's
     *                          {@code DiagnoseReply} before answering 504
     * @param maxPendingDiagnoses how many diagnose requests may wait for their reply at once; more are refused with 503
     * @param modelStatusMaxAge a worker's {@code ModelStatus} older than this is ignored by {@code GET /api/models}
     * @param insights          {@code clusterwise.gateway.insights.*}
     * @param conversations     {@code clusterwise.gateway.conversations.*}
     * @param suppressions      {@code clusterwise.gateway.suppressions.*}
     * @param rateLimit         {@code clusterwise.gateway.rate-limit.*}
     * @param streams           {@code clusterwise.gateway.streams.*}
     * @param authToken         when set, every {@code /api/**} request needs {@code Authorization: Bearer <token>};
     *                          empty (the default) turns authentication off. Never logged, masked in toString
     * @param maxBodyBytes      a JSON request body larger than this is refused with 413 before it is parsed (nothing
     *                          a user sends needs more: a question is at most {@code max-question-length} characters)
     */
    public record Gateway(
            @DefaultValue("0") @Min(value = 0, message = "clusterwise.gateway.reply-partition must be 0 or more")
            int replyPartition,
            @DefaultValue("PT90S") @NotNull(message = "clusterwise.gateway.answer-timeout must be set")
            Duration answerTimeout,
            @DefaultValue("4000") @Min(value = 1, message = "clusterwise.gateway.max-question-length must be at least 1")
            int maxQuestionLength,
            @DefaultValue("256") @Min(value = 1, message = "clusterwise.gateway.max-pending-answers must be at least 1")
            int maxPendingAnswers,
            @DefaultValue("PT15S") @NotNull(message = "clusterwise.gateway.heartbeat-interval must be set")
            Duration heartbeatInterval,
            @DefaultValue("PT10S") @NotNull(message = "clusterwise.gateway.diagnose-timeout must be set")
            Duration diagnoseTimeout,
            @DefaultValue("64")
            @Min(value = 1, message = "clusterwise.gateway.max-pending-diagnoses must be at least 1")
            int maxPendingDiagnoses,
            @DefaultValue("PT2M") @NotNull(message = "clusterwise.gateway.model-status-max-age must be set")
            Duration modelStatusMaxAge,
            @DefaultValue @Valid @NotNull Insights insights,
            @DefaultValue @Valid @NotNull Conversations conversations,
            @DefaultValue @Valid @NotNull Suppressions suppressions,
            @DefaultValue @Valid @NotNull RateLimit rateLimit,
            @DefaultValue @Valid @NotNull Streams streams,
            @DefaultValue("") String authToken,
            @DefaultValue("65536")
            @Min(value = 1024, message = "clusterwise.gateway.max-body-bytes must be at least 1024")
            int maxBodyBytes) {

        public Gateway {
            authToken = authToken == null ? "" : authToken.strip();
        }

        public boolean authEnabled() {
            return !authToken.isEmpty();
        }

        @Override
        public String toString() {
            return "Gateway[replyPartition=" + replyPartition + ", answerTimeout=" + answerTimeout
                    + ", maxQuestionLength=" + maxQuestionLength + ", maxPendingAnswers=" + maxPendingAnswers
                    + ", heartbeatInterval=" + heartbeatInterval + ", diagnoseTimeout=" + diagnoseTimeout
                    + ", maxPendingDiagnoses=" + maxPendingDiagnoses + ", modelStatusMaxAge=" + modelStatusMaxAge
                    + ", insights=" + insights
                    + ", conversations=" + conversations + ", suppressions=" + suppressions
                    + ", rateLimit=" + rateLimit + ", streams=" + streams + ", authToken=" + (authEnabled() ? "****" : "(off)")
                    + ", maxBodyBytes=" + maxBodyBytes + "]";
        }

        @AssertTrue(message = "clusterwise.gateway.reply-partition must be below the partition count of agent.replies")
        public boolean isReplyPartitionOnTheTopic() {
            return replyPartition < Topic.AGENT_REPLIES.partitions();
        }

        @AssertTrue(message = "clusterwise.gateway.answer-timeout must be positive, e.g. PT90S")
        public boolean isAnswerTimeoutPositive() {
            return positive(answerTimeout);
        }

        @AssertTrue(message = "clusterwise.gateway.heartbeat-interval must be positive, e.g. PT15S")
        public boolean isHeartbeatIntervalPositive() {
            return positive(heartbeatInterval);
        }

        @AssertTrue(message = "clusterwise.gateway.diagnose-timeout must be positive, e.g. PT10S")
        public boolean isDiagnoseTimeoutPositive() {
            return positive(diagnoseTimeout);
        }

        @AssertTrue(message = "clusterwise.gateway.model-status-max-age must be positive, e.g. PT2M")
        public boolean isModelStatusMaxAgePositive() {
            return positive(modelStatusMaxAge);
        }

        /** Null passes: {@code @NotNull} reports that with its own message. */
        private static boolean positive(Duration d) {
            return d == null || (!d.isNegative() && !d.isZero());
        }
    }

    /**
     * @param bufferSize     how many of the newest insights {@code GET /api/insights} keeps
     * @param maxSubscribers how many {@code /api/insights/stream} clients may be connected at once
     * @param lookback       how far back the feed reads {@code agent.insights} when the gateway starts
     */
    public record Insights(
            @DefaultValue("200") @Min(value = 1, message = "clusterwise.gateway.insights.buffer-size must be at least 1")
            int bufferSize,
            @DefaultValue("100")
            @Min(value = 1, message = "clusterwise.gateway.insights.max-subscribers must be at least 1")
            int maxSubscribers,
            @DefaultValue("PT24H") @NotNull(message = "clusterwise.gateway.insights.lookback must be set")
            Duration lookback) {

        @AssertTrue(message = "clusterwise.gateway.insights.lookback must not be negative, e.g. PT24H")
        public boolean isLookbackNotNegative() {
            return lookback == null || !lookback.isNegative();
        }
    }

    /**
     * @param max          conversations this instance remembers; the least recently used is forgotten beyond it
     * @param historyTurns how many of the latest turns (a question or an answer each) go with a follow-up question
     * @param idleTimeout  a conversation not used for this long is forgotten (a follow-up then gets 400)
     */
    public record Conversations(
            @DefaultValue("10000")
            @Min(value = 1, message = "clusterwise.gateway.conversations.max must be at least 1") int max,
            @DefaultValue("8")
            @Min(value = 0, message = "clusterwise.gateway.conversations.history-turns must be 0 or more")
            int historyTurns,
            @DefaultValue("PT2H") @NotNull(message = "clusterwise.gateway.conversations.idle-timeout must be set")
            Duration idleTimeout) {

        @AssertTrue(message = "clusterwise.gateway.conversations.idle-timeout must be positive, e.g. PT2H")
        public boolean isIdleTimeoutPositive() {
            return idleTimeout == null || (!idleTimeout.isNegative() && !idleTimeout.isZero());
        }
    }

    /**
     * @param defaultTtl how long a mute lasts when the request names no {@code ttl}
     * @param maxTtl     the longest mute a request may ask for
     */
    public record Suppressions(
            @DefaultValue("PT24H") @NotNull(message = "clusterwise.gateway.suppressions.default-ttl must be set")
            Duration defaultTtl,
            @DefaultValue("P30D") @NotNull(message = "clusterwise.gateway.suppressions.max-ttl must be set")
            Duration maxTtl) {

        @AssertTrue(message = "clusterwise.gateway.suppressions.default-ttl must be positive and at most"
                + " clusterwise.gateway.suppressions.max-ttl")
        public boolean isDefaultWithinMax() {
            return defaultTtl == null || maxTtl == null
                    || (!defaultTtl.isNegative() && !defaultTtl.isZero() && defaultTtl.compareTo(maxTtl) <= 0);
        }
    }

    /**
     * Per client (remote address), for requests that change something ({@code POST}/{@code DELETE} under
     * {@code /api}): a token bucket of {@code burst} requests, refilled at {@code requests-per-minute}.
     *
     * @param requestsPerMinute sustained rate; 0 turns the limit off
     * @param burst             how many may come at once
     */
    public record RateLimit(
            @DefaultValue("30")
            @Min(value = 0, message = "clusterwise.gateway.rate-limit.requests-per-minute must be 0 (off) or more")
            int requestsPerMinute,
            @DefaultValue("10") @Min(value = 1, message = "clusterwise.gateway.rate-limit.burst must be at least 1")
            int burst) {

        public boolean enabled() {
            return requestsPerMinute > 0;
        }
    }

    /**
     * How SSE events reach the clients: every stream (chat or insights) has its own queue, drained in order by a small
     * shared pool of writer threads, so a client that stops reading holds one writer at most and never the Kafka
     * consumer threads or the timer.
     *
     * @param writerThreads the shared writer threads; this many clients stuck in a write at once delay the others
     * @param queueCapacity events waiting for one stream; a stream whose queue is full ends with {@code error}
     *                      ("client is not reading")
     */
    public record Streams(
            @DefaultValue("4")
            @Min(value = 1, message = "clusterwise.gateway.streams.writer-threads must be at least 1")
            int writerThreads,
            @DefaultValue("512")
            @Min(value = 1, message = "clusterwise.gateway.streams.queue-capacity must be at least 1")
            int queueCapacity) {
    }
}
