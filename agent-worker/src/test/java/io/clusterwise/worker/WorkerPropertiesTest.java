package io.clusterwise.worker;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPropertiesTest {

    private static WorkerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("clusterwise", WorkerProperties.class);
    }

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        WorkerProperties p = bind(Map.of());

        assertThat(p.clusterName()).isEqualTo("local");
        assertThat(p.worker().ollama().baseUrl()).isEqualTo("http://localhost:11434");
        assertThat(p.worker().ollama().model()).isEqualTo("mistral");
        assertThat(p.worker().ollama().timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.worker().ollama().numCtx()).isEqualTo(4096);
        assertThat(p.worker().answerDeadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.worker().window().maxEvents()).isEqualTo(10000);
        assertThat(p.worker().window().maxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(p.worker().maxConcurrentAnswers()).isEqualTo(4);
    }

    @Test
    void shouldBindEveryKeyWhenSet() {
        WorkerProperties p = bind(Map.of("clusterwise.cluster-name", "prod-eu",
                "clusterwise.worker.ollama.base-url", "http://ollama:11434",
                "clusterwise.worker.ollama.num-ctx", "8192",
                "clusterwise.worker.answer-deadline", "PT5S",
                "clusterwise.worker.window.max-age", "30m",
                "clusterwise.worker.max-concurrent-answers", "2"));

        assertThat(p.clusterName()).isEqualTo("prod-eu");
        assertThat(p.worker().ollama().numCtx()).isEqualTo(8192);
        assertThat(p.worker().answerDeadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.worker().window().maxAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.worker().maxConcurrentAnswers()).isEqualTo(2);
    }

    @Test
    void shouldPublishTheModelStatusEveryThirtySecondsUnderTheHostnameWhenNotSet() {
        WorkerProperties.Worker w = bind(Map.of()).worker();

        assertThat(w.modelStatus().interval()).isEqualTo(Duration.ofSeconds(30));
        String hostname = System.getenv("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            assertThat(w.instanceId()).isEqualTo(hostname.strip());
        } else {
            assertThat(w.instanceId()).matches("agent-worker-[0-9a-f]{8}");
        }
        assertThat(WorkerProperties.Worker.defaultInstanceId("agent-worker-7d9f-x2")).isEqualTo("agent-worker-7d9f-x2");
        assertThat(WorkerProperties.Worker.defaultInstanceId(" ")).matches("agent-worker-[0-9a-f]{8}")
                .isNotEqualTo(WorkerProperties.Worker.defaultInstanceId(null));
    }

    @Test
    void shouldBindTheInstanceIdAndIntervalWhenSet() {
        WorkerProperties.Worker w = bind(Map.of("clusterwise.worker.instance-id", "worker-eu-1",
                "clusterwise.worker.model-status.interval", "PT5S")).worker();

        assertThat(w.instanceId()).isEqualTo("worker-eu-1");
        assertThat(w.modelStatus().interval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldNameTheKeyWhenTheModelStatusIntervalIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.model-status.interval", "PT0S")))
                .rootCause().hasMessage("clusterwise.worker.model-status.interval must be a positive duration such "
                        + "as PT60S, was PT0S");
    }

    @Test
    void shouldNameTheKeyWhenNumCtxIsTooSmall() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.ollama.num-ctx", "100")))
                .rootCause().hasMessage("clusterwise.worker.ollama.num-ctx must be at least 512 tokens, was 100");
    }

    @Test
    void shouldNameTheKeyWhenTheBaseUrlIsNotHttp() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.ollama.base-url", "localhost:11434")))
                .rootCause().hasMessageStartingWith("clusterwise.worker.ollama.base-url must be an http(s) URL");
    }

    @Test
    void shouldNameTheKeyWhenTheDeadlineIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.answer-deadline", "0s")))
                .rootCause().hasMessage("clusterwise.worker.answer-deadline must be a positive duration such as "
                        + "PT60S, was PT0S");
    }

    @Test
    void shouldWaitTenSecondsForAnUnknownOwnerWhenOwnerGraceIsNotSet() {
        assertThat(bind(Map.of()).worker().episodes().ownerGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(bind(Map.of("clusterwise.worker.episodes.owner-grace", "PT0S")).worker().episodes().ownerGrace())
                .isZero();
    }

    @Test
    void shouldNameTheKeyWhenOwnerGraceIsNegative() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.episodes.owner-grace", "-PT1S")))
                .rootCause().hasMessageStartingWith("clusterwise.worker.episodes.owner-grace must be PT0S");
    }

    @Test
    void shouldCiteUpToThirtyLogLinesOfTwoThousandContainersLookingBackAsFarAsTheWindowWhenNothingIsSet() {
        WorkerProperties.Logs logs = bind(Map.of("clusterwise.worker.window.max-age", "PT2H")).worker().logs();

        assertThat(logs.enabled()).isTrue();
        assertThat(logs.maxContainers()).isEqualTo(2000);
        assertThat(logs.maxLines()).isEqualTo(30);
        assertThat(logs.lookBack()).isEqualTo(Duration.ofHours(2));
        assertThat(bind(Map.of("clusterwise.worker.logs.look-back", "PT20M", "clusterwise.worker.logs.enabled",
                "false")).worker().logs()).isEqualTo(new WorkerProperties.Logs(false, 2000, 30,
                Duration.ofMinutes(20)));
    }

    @Test
    void shouldNameTheKeyWhenALogSettingIsOutOfRange() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.logs.max-lines", "0")))
                .rootCause().hasMessage("clusterwise.worker.logs.max-lines must be between 1 and 200, was 0");
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.logs.max-containers", "0")))
                .rootCause().hasMessage("clusterwise.worker.logs.max-containers must be at least 1, was 0");
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.logs.look-back", "-PT1M")))
                .rootCause().hasMessageStartingWith("clusterwise.worker.logs.look-back must be a positive duration");
    }

    @Test
    void shouldNameTheKeyWhenConcurrencyIsZero() {
        assertThatThrownBy(() -> bind(Map.of("clusterwise.worker.max-concurrent-answers", "0")))
                .rootCause().hasMessageStartingWith("clusterwise.worker.max-concurrent-answers must be between 1");
    }

    @Test
    void shouldHideCredentialsInTheBaseUrlWhenPrinted() {
        WorkerProperties p = bind(Map.of("clusterwise.worker.ollama.base-url", "https://bob:s3cret@ollama.example"));

        assertThat(p.toString()).doesNotContain("s3cret").contains("https://***@ollama.example");
    }

    @Test
    void shouldTakeOverAKilledWorkersQuestionsWithinTenSecondsWhenQuestionsAreNotConfigured() {
        WorkerProperties.Questions q = bind(Map.of()).worker().questions();

        assertThat(q.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(q.heartbeatInterval()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shouldBindTheQuestionConsumersMembershipWhenSet() {
        WorkerProperties.Questions q = bind(Map.of("clusterwise.worker.questions.session-timeout", "PT6S",
                "clusterwise.worker.questions.heartbeat-interval", "PT1S")).worker().questions();

        assertThat(q.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(q.heartbeatInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldRefuseAHeartbeatIntervalNotBelowTheSessionTimeout() {
        assertThatThrownBy(() -> new WorkerProperties.Questions(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .hasMessage("clusterwise.worker.questions.heartbeat-interval must be less than "
                        + "clusterwise.worker.questions.session-timeout (PT10S), was PT10S");
    }
}
