package io.clusterwise.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsConfigured() {
        runner.run(context -> {
            GatewayProperties properties = context.getBean(GatewayProperties.class);
            assertThat(properties.clusterName()).isEqualTo("local");
            assertThat(properties.gateway().replyPartition()).isZero();
            assertThat(properties.gateway().answerTimeout()).isEqualTo(Duration.ofSeconds(90));
            assertThat(properties.gateway().maxQuestionLength()).isEqualTo(4000);
            assertThat(properties.gateway().maxPendingAnswers()).isEqualTo(256);
            assertThat(properties.gateway().heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
            assertThat(properties.gateway().diagnoseTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.gateway().maxPendingDiagnoses()).isEqualTo(64);
            assertThat(properties.gateway().modelStatusMaxAge()).isEqualTo(Duration.ofMinutes(2));
            assertThat(properties.gateway().insights().bufferSize()).isEqualTo(200);
            assertThat(properties.gateway().insights().maxSubscribers()).isEqualTo(100);
            assertThat(properties.gateway().insights().lookback()).isEqualTo(Duration.ofHours(24));
            assertThat(properties.gateway().conversations().max()).isEqualTo(10000);
            assertThat(properties.gateway().conversations().historyTurns()).isEqualTo(8);
            assertThat(properties.gateway().conversations().idleTimeout()).isEqualTo(Duration.ofHours(2));
            assertThat(properties.gateway().suppressions().defaultTtl()).isEqualTo(Duration.ofHours(24));
            assertThat(properties.gateway().suppressions().maxTtl()).isEqualTo(Duration.ofDays(30));
            assertThat(properties.gateway().rateLimit().requestsPerMinute()).isEqualTo(30);
            assertThat(properties.gateway().rateLimit().burst()).isEqualTo(10);
            assertThat(properties.gateway().streams().writerThreads()).isEqualTo(4);
            assertThat(properties.gateway().streams().queueCapacity()).isEqualTo(512);
            assertThat(properties.gateway().authEnabled()).isFalse();
        });
    }

    @Test
    void shouldMaskTheAuthTokenWhenPrinted() {
        runner.withPropertyValues("clusterwise.gateway.auth-token=s3cr3t-token").run(context -> {
            GatewayProperties properties = context.getBean(GatewayProperties.class);
            assertThat(properties.gateway().authEnabled()).isTrue();
            assertThat(properties.gateway().authToken()).isEqualTo("s3cr3t-token");
            assertThat(properties.toString()).doesNotContain("s3cr3t-token").contains("authToken=****");
        });
    }

    @Test
    void shouldNameTheKeysWhenTheDefaultMuteIsLongerThanTheMaximum() {
        assertStartupFailsNaming("clusterwise.gateway.suppressions.default-ttl=P31D",
                "clusterwise.gateway.suppressions.default-ttl must be positive and at most"
                        + " clusterwise.gateway.suppressions.max-ttl");
        assertStartupFailsNaming("clusterwise.gateway.rate-limit.burst=0",
                "clusterwise.gateway.rate-limit.burst must be at least 1");
    }

    @Test
    void shouldNameTheKeyWhenAStreamWriterSettingIsBelowOne() {
        assertStartupFailsNaming("clusterwise.gateway.streams.writer-threads=0",
                "clusterwise.gateway.streams.writer-threads must be at least 1");
        assertStartupFailsNaming("clusterwise.gateway.streams.queue-capacity=0",
                "clusterwise.gateway.streams.queue-capacity must be at least 1");
    }

    @Test
    void shouldNameTheKeyWhenReplyPartitionIsNotOnTheTopic() {
        assertStartupFailsNaming("clusterwise.gateway.reply-partition=6",
                "clusterwise.gateway.reply-partition must be below the partition count of agent.replies");
        assertStartupFailsNaming("clusterwise.gateway.reply-partition=-1",
                "clusterwise.gateway.reply-partition must be 0 or more");
    }

    @Test
    void shouldNameTheKeyWhenALimitIsNotPositive() {
        assertStartupFailsNaming("clusterwise.gateway.max-question-length=0",
                "clusterwise.gateway.max-question-length must be at least 1");
        assertStartupFailsNaming("clusterwise.gateway.answer-timeout=PT0S",
                "clusterwise.gateway.answer-timeout must be positive");
        assertStartupFailsNaming("clusterwise.gateway.insights.buffer-size=0",
                "clusterwise.gateway.insights.buffer-size must be at least 1");
    }

    @Test
    void shouldNameTheKeyWhenADiagnoseOrModelSettingIsNotPositive() {
        assertStartupFailsNaming("clusterwise.gateway.diagnose-timeout=PT0S",
                "clusterwise.gateway.diagnose-timeout must be positive");
        assertStartupFailsNaming("clusterwise.gateway.max-pending-diagnoses=0",
                "clusterwise.gateway.max-pending-diagnoses must be at least 1");
        assertStartupFailsNaming("clusterwise.gateway.model-status-max-age=-PT1M",
                "clusterwise.gateway.model-status-max-age must be positive");
    }

    @Test
    void shouldNameTheKeyWhenClusterNameIsBlank() {
        assertStartupFailsNaming("clusterwise.cluster-name= ", "clusterwise.cluster-name must not be blank");
    }

    private void assertStartupFailsNaming(String property, String message) {
        runner.withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            StringBuilder all = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                all.append(t.getMessage()).append('\n');
            }
            assertThat(all).contains(message);
        });
    }
}
