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
     * @param insights          {@code clusterwise.gateway.insights.*}
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
            @DefaultValue @Valid @NotNull Insights insights) {

        @AssertTrue(message = "clusterwise.gateway.reply-partition must be below the partition count of agent.replies")
        public boolean isReplyPartitionOnTheTopic() {
            return replyPartition < Topic.AGENT_REPLIES.partitions();
        }

        @AssertTrue(message = "clusterwise.gateway.answer-timeout must be positive, e.g. PT90S")
        public boolean isAnswerTimeoutPositive() {
            return answerTimeout == null || (!answerTimeout.isNegative() && !answerTimeout.isZero());
        }

        @AssertTrue(message = "clusterwise.gateway.heartbeat-interval must be positive, e.g. PT15S")
        public boolean isHeartbeatIntervalPositive() {
            return heartbeatInterval == null || (!heartbeatInterval.isNegative() && !heartbeatInterval.isZero());
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
}
