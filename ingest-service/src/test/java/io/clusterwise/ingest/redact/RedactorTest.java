package io.clusterwise.ingest.redact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RedactorTest {

    private final Redactor redactor = new Redactor();

    /** message as Kubernetes or a container printed it, the secret in it, and the message as it must be published. */
    static Stream<Arguments> secrets() {
        return Stream.of(
                arguments("Error: failed to start container \"greeter\": invalid env DB_PASSWORD=hunter2-prod-secret",
                        "hunter2-prod-secret",
                        "Error: failed to start container \"greeter\": invalid env DB_PASSWORD=***"),
                arguments("connecting with password=s3cr3t! user=app", "s3cr3t!",
                        "connecting with password=*** user=app"),
                arguments("config: passwd: hunter2 loaded", "hunter2", "config: passwd: *** loaded"),
                arguments("mysql: pwd='Tr0ub4dor 3' rejected", "Tr0ub4dor 3", "mysql: pwd='***' rejected"),
                arguments("GET /callback?code=abc&access_token=ya29.a0AfH6SMBx3kq&state=xyz", "ya29.a0AfH6SMBx3kq",
                        "GET /callback?code=abc&access_token=***&state=xyz"),
                arguments("panic: bad config {\"username\":\"app\",\"password\":\"hunter2 with spaces\"}",
                        "hunter2 with spaces", "panic: bad config {\"username\":\"app\",\"password\":\"***\"}"),
                arguments("{\"apiKey\": \"AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY\", \"region\": \"eu\"}",
                        "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "{\"apiKey\": \"***\", \"region\": \"eu\"}"),
                arguments("log line {\\\"client_secret\\\":\\\"8Q~abc.DEF_ghi\\\"} rejected", "8Q~abc.DEF_ghi",
                        "log line {\\\"client_secret\\\":\\\"***\\\"} rejected"),
                arguments("--api-key=0123456789abcdef0123456789abcdef is invalid", "0123456789abcdef0123456789abcdef",
                        "--api-key=*** is invalid"),
                arguments("upstream said 401 for X-Api-Key: 5f2b8c1e9d", "5f2b8c1e9d",
                        "upstream said 401 for X-Api-Key: ***"),
                arguments("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = ***"),
                arguments("Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl",
                        "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ", "Authorization: Bearer ***"),
                arguments("probe sent Authorization: Basic YWRtaW46aHVudGVyMg== and got 403", "YWRtaW46aHVudGVyMg==",
                        "probe sent Authorization: Basic *** and got 403"),
                arguments("webhook call with bearer abcdef0123456789XYZ failed", "abcdef0123456789XYZ",
                        "webhook call with bearer *** failed"),
                arguments("dial postgres://greeter:hunter2-prod-secret@db.demo.svc:5432/app failed: timeout",
                        "hunter2-prod-secret", "dial postgres://greeter:***@db.demo.svc:5432/app failed: timeout"),
                arguments("fatal: unable to access 'https://deploy:glpat-AbCdEfGhIjKlMnOpQrSt@gitlab.example.com/g/r.git/'",
                        "glpat-AbCdEfGhIjKlMnOpQrSt",
                        "fatal: unable to access 'https://deploy:***@gitlab.example.com/g/r.git/'"),
                arguments("S3 upload as AKIAIOSFODNN7EXAMPLE denied", "IOSFODNN7EXAMPLE", "S3 upload as AKIA*** denied"),
                arguments("invalid token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U in request",
                        "dozjgNryP4J3jVmNHl0w5N", "invalid token *** in request"),
                arguments("git clone failed with ghp_16C7e42F292c6912E7710c838347Ae178B4a", "16C7e42F292c6912E7710c838347Ae178B4a",
                        "git clone failed with ***"),
                arguments("slack notify: xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx rejected",
                        "AbCdEfGhIjKlMnOpQrStUvWx", "slack notify: *** rejected"),
                arguments("the api key is 9f86d081884c7d659a2feaa0c55ad015 but quota exceeded",
                        "9f86d081884c7d659a2feaa0c55ad015", "the api key is *** but quota exceeded"),
                arguments("loaded -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAzY3u1rXbQ\nq7Lk0Wf==\n-----END RSA PRIVATE KEY----- ok",
                        "MIIEpAIBAAKCAQEAzY3u1rXbQ",
                        "loaded -----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY----- ok"),
                arguments("truncated -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
                        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
                        "truncated -----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----"));
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void shouldMaskSecretButKeepKeyWhenMessageHoldsCredential(String message, String secret, String expected) {
        Redaction redaction = redactor.redact(message);

        assertThat(redaction.text()).isEqualTo(expected).doesNotContain(secret);
        assertThat(redaction.count()).isPositive();
    }

    @Test
    void shouldMaskUpToTheEndLineWhenATailBeginsInsideAPrivateKeyBlock() {
        String tail = "Gu5HjKl3MnOpQrStUvWxYz0123456789\nq7Lk0Wf==\n-----END OPENSSH PRIVATE KEY-----\nstarting";

        Redaction redaction = redactor.redactTail(tail);

        assertThat(redaction.text()).isEqualTo("***-----END OPENSSH PRIVATE KEY-----\nstarting");
        assertThat(redaction.count()).isEqualTo(1);
        assertThat(redactor.redactTail("no key here, password=hunter2").text()).isEqualTo("no key here, password=***");
    }

    /** Real kubelet, scheduler and controller messages that hold no secret must stay exactly as they are. */
    @ParameterizedTest
    @ValueSource(strings = {
            "Back-off restarting failed container greeter in pod greeter-8f2588814d-a31b9_demo(5cda4217-829e-50d4-4539-3e3b04424452)",
            "back-off 5m0s restarting failed container=greeter pod=greeter-8f2588814d-a31b9_demo(6687064e-585b-c4b3-0d7a-508b21e5b693)",
            "Container image \"ghcr.io/example/greeter:0a1b2c3\" already present on machine",
            "Pulling image \"ghcr.io/example/token-service:1.4.2\"",
            "Successfully pulled image \"registry.example.com:5000/greeter@sha256:79d7cf765e3daa8d6eb10bf8b32a433afacd890259b495d74cd31213c9a507cf\" in 1.2s",
            "MountVolume.SetUp failed for volume \"db-creds\" : secret \"db-creds\" not found",
            "Error: couldn't find key password in Secret demo/db-creds",
            "Error: secret \"greeter-db\" not found",
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
            "Readiness probe failed: Get \"http://10.244.1.10:8080/ready\": dial tcp 10.244.1.10:8080: connect: connection refused",
            "Created container: greeter",
            "Successfully assigned demo/greeter-8f2588814d-a31b9 to worker-1"})
    void shouldLeaveMessageUnchangedWhenItHoldsNoSecret(String message) {
        Redaction redaction = redactor.redact(message);

        assertThat(redaction.text()).isEqualTo(message);
        assertThat(redaction.count()).isZero();
    }

    @Test
    void shouldCountEveryMaskedValueWhenMessageHoldsSeveral() {
        Redaction redaction = redactor.redact("DB_USER=app DB_PASSWORD=hunter2-prod-secret API_TOKEN=abc123 "
                + "url=https://app:pw1@db:5432");

        assertThat(redaction.text()).isEqualTo("DB_USER=app DB_PASSWORD=*** API_TOKEN=*** url=https://app:***@db:5432");
        assertThat(redaction.count()).isEqualTo(3);
    }

    @Test
    void shouldNotMaskAgainWhenMessageWasAlreadyRedacted() {
        String once = redactor.redact("Authorization: Bearer abcdefghijkl0123 password=hunter2").text();

        Redaction twice = redactor.redact(once);

        assertThat(twice.text()).isEqualTo(once).isEqualTo("Authorization: Bearer *** password=***");
        assertThat(twice.count()).isZero();
    }

    /** A termination message may hold up to 4 KiB of a container's JSON log (FallbackToLogsOnError). */
    @Test
    void shouldMaskOnlyTheValueWhenJsonSecretIsThousandsOfCharactersLong() {
        String secret = "c2VjcmV0".repeat(1_000) + "\\\"quoted\\\"" + "x".repeat(20_000);
        String message = "container api terminated: Error, exit code 1 ({\"level\":\"fatal\",\"db_password\":\""
                + secret + "\",\"msg\":\"cannot connect\"})";

        Redaction redaction = redactor.redact(message);

        assertThat(redaction.text()).isEqualTo("container api terminated: Error, exit code 1 ({\"level\":\"fatal\","
                + "\"db_password\":\"***\",\"msg\":\"cannot connect\"})");
        assertThat(redaction.count()).isEqualTo(1);
    }

    @Test
    void shouldWithholdWholeMessageInsteadOfFailingWhenTextExhaustsTheRules() {
        String message = "-----BEGIN " + "A ".repeat(200_000) + "PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";

        Redaction redaction = redactor.redact(message);

        assertThat(redaction.text()).isEqualTo("*** (message withheld: it could not be checked for secrets)");
        assertThat(redaction.count()).isEqualTo(1);
    }

    @Test
    void shouldPassNullThroughWhenThereIsNoMessage() {
        assertThat(redactor.redact(null)).isEqualTo(new Redaction(null, 0));
    }
}
