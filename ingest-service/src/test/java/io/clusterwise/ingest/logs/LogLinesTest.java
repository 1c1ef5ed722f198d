package io.clusterwise.ingest.logs;

import io.clusterwise.ingest.redact.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LogLinesTest {

    private final LogLines lines = new LogLines(new Redactor());

    @Test
    void shouldSplitIntoLinesOldestFirstWhenTheLogIsShorterThanTheLimits() {
        LogLines.Text text = lines.of("starting greeter\r\nconnecting to db.demo.svc:5432\npanic: connection refused\n", 50,
                false);

        assertThat(text.lines()).containsExactly("starting greeter", "connecting to db.demo.svc:5432",
                "panic: connection refused");
        assertThat(text.truncated()).isFalse();
        assertThat(text.redactions()).isZero();
    }

    @Test
    void shouldMarkTruncatedWhenTheLineLimitWasReached() {
        assertThat(lines.of("a\nb\nc\n", 3, false).truncated()).isTrue();
        assertThat(lines.of("a\nb\n", 3, false).truncated()).isFalse();
    }

    @Test
    void shouldLeaveOutThePartialLastLineWhenTheByteLimitCutIt() {
        LogLines.Text text = lines.of("first line\nsecond line\nAuthorization: Bear", 50, true);

        assertThat(text.lines()).containsExactly("first line", "second line");
        assertThat(text.truncated()).isTrue();
    }

    @Test
    void shouldKeepTheOnlyLineCutToTheLineBoundWhenOneLineIsLongerThanTheLimits() {
        LogLines.Text text = lines.of("x".repeat(20_000), 50, true);

        assertThat(text.lines()).singleElement().asString()
                .hasSize(LogLines.MAX_LINE_CHARS + LogLines.CUT.length()).endsWith(LogLines.CUT);
        assertThat(text.truncated()).isTrue();
    }

    @Test
    void shouldCutLongLinesAfterRedactingThemWhenALineIsHuge() {
        String line = "{\"level\":\"error\",\"db_password\":\"hunter2-prod-secret\",\"payload\":\"" + "y".repeat(9_000)
                + "\"}";

        LogLines.Text text = lines.of("ok\n" + line + "\n", 50, false);

        assertThat(text.lines()).hasSize(2);
        assertThat(text.lines().get(1)).startsWith("{\"level\":\"error\",\"db_password\":\"***\"")
                .doesNotContain("hunter2").endsWith(LogLines.CUT);
        assertThat(text.truncated()).isTrue();
    }

    static Stream<Arguments> secretsInLogs() {
        return Stream.of(
                arguments("bearer token", "GET /api/orders -> 401 (Authorization: Bearer sk-live-4f9a8b7c6d5e4f3a2b1c)",
                        "sk-live-4f9a8b7c6d5e4f3a2b1c"),
                arguments("password=", "FATAL: cannot connect: host=db user=app password=hunter2-prod-secret sslmode=require",
                        "hunter2-prod-secret"),
                arguments("AWS key", "s3: upload as AKIAIOSFODNN7EXAMPLE denied (aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY)",
                        "IOSFODNN7EXAMPLE"),
                arguments("JWT", "token rejected: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJncmVldGVyIn0.hPmbfnFzM2Yq4mDkbZ4sNQeLwdRjQx8o6tVl3Uc2Nn0",
                        "hPmbfnFzM2Yq4mDkbZ4sNQeLwdRjQx8o6tVl3Uc2Nn0"),
                arguments("PEM block over lines", "loading TLS key\n-----BEGIN RSA PRIVATE KEY-----\n"
                        + "MIIEpAIBAAKCAQEA7bq9mXhQ3Yp2Lk4vRt8sWq1nZx0eFc6Gu5HjKl3MnOpQrStU\n"
                        + "vWxYz0123456789abcdefGHIJKLmnopQRSTuvwxYZ+/ABCDEFghijklMNOPqrst\n"
                        + "-----END RSA PRIVATE KEY-----\nkey loaded", "MIIEpAIBAAKCAQEA7bq9mXhQ3Yp2Lk4vRt8sWq1nZx0eFc6Gu5HjKl3MnOpQrStU"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretsInLogs")
    void shouldMaskSecretsWhenTheyAppearInLogLines(String what, String log, String secret) {
        LogLines.Text text = lines.of("app starting\n" + log + "\nexiting with code 1\n", 50, false);

        assertThat(String.join("\n", text.lines())).doesNotContain(secret).contains("***");
        assertThat(text.lines()).first().isEqualTo("app starting");
        assertThat(text.lines()).last().isEqualTo("exiting with code 1");
        assertThat(text.redactions()).isPositive();
    }

    @Test
    void shouldMaskTheKeyUpToItsEndLineWhenTheTailBeginsInsideAPrivateKeyBlock() {
        String body = "vWxYz0123456789abcdefGHIJKLmnopQRSTuvwxYZ+/ABCDEFghijklMNOPqrst";

        LogLines.Text text = lines.of(body + "\n" + body.toLowerCase() + "\n-----END PRIVATE KEY-----\n"
                + "config loaded\npanic: listen tcp :8080: bind: address already in use\n", 50, false);

        assertThat(text.lines()).containsExactly("***-----END PRIVATE KEY-----", "config loaded",
                "panic: listen tcp :8080: bind: address already in use");
        assertThat(String.join("\n", text.lines())).doesNotContain(body).doesNotContain(body.toLowerCase());
    }

    @Test
    void shouldKeepLinesBeforeAKeyBlockWhenTheBlockIsWhole() {
        LogLines.Text text = lines.of("before\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBk\n-----END EC PRIVATE KEY-----\n"
                + "after\n", 50, false);

        assertThat(text.lines()).isEqualTo(List.of("before",
                "-----BEGIN EC PRIVATE KEY-----***-----END EC PRIVATE KEY-----", "after"));
    }

    @Test
    void shouldPublishNoLinesWhenTheRunWroteNothing() {
        assertThat(lines.of("", 50, false)).isEqualTo(new LogLines.Text(List.of(), false, 0));
    }
}
