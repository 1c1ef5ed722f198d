package io.clusterwise.ingest.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterwise.contracts.WireJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Realistic secrets where they hide in a manifest: container env values, probe and hook headers, command and args,
 * annotations, status and termination messages. Each row: where, the secret, and what must still be readable afterwards.
 */
class ManifestRedactorTest {

    private static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String GITHUB_TOKEN = "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB";
    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhcHAiLCJpYXQiOjE3MDAwMDAwMDB9"
            + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
    private static final String PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA7bq98Xk\\n"
            + "-----END RSA PRIVATE KEY-----";

    private final ManifestRedactor redactor = new ManifestRedactor(new Redactor());

    static Stream<Arguments> secrets() {
        return Stream.of(
                arguments("env value", pod("\"env\":[{\"name\":\"AWS_ACCESS_KEY_ID\",\"value\":\"" + AWS_KEY_ID + "\"},"
                        + "{\"name\":\"LOG_LEVEL\",\"value\":\"debug\"},{\"name\":\"DB_PASSWORD\",\"valueFrom\":"
                        + "{\"secretKeyRef\":{\"name\":\"db\",\"key\":\"password\"}}}]"), AWS_KEY_ID,
                        "\"name\":\"AWS_ACCESS_KEY_ID\",\"value\":\"***\""),
                arguments("env value that looks harmless", pod("\"env\":[{\"name\":\"SETTING\",\"value\":\"hunter2\"}]"),
                        "hunter2", "\"name\":\"SETTING\",\"value\":\"***\""),
                arguments("probe header value", pod("\"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":8080,"
                        + "\"httpHeaders\":[{\"name\":\"X-Api-Key\",\"value\":\"9f8e7d6c5b4a39281706\"}]}}"),
                        "9f8e7d6c5b4a39281706", "\"name\":\"X-Api-Key\",\"value\":\"***\""),
                arguments("lifecycle hook header value", pod("\"lifecycle\":{\"preStop\":{\"httpGet\":{\"path\":\"/drain\","
                        + "\"port\":8080,\"httpHeaders\":[{\"name\":\"X-Drain-Auth\",\"value\":\"drain-k3y-77\"}]}}}"),
                        "drain-k3y-77", "\"name\":\"X-Drain-Auth\",\"value\":\"***\""),
                arguments("flag then value in args", pod("\"args\":[\"--listen=:8080\",\"--password\",\"Tr0ub4dor&3\"]"),
                        "Tr0ub4dor&3", "\"args\":[\"--listen=:8080\",\"--password\",\"***\"]"),
                arguments("flag=value in command", pod("\"command\":[\"/app/server\",\"--api-key=" + GITHUB_TOKEN + "\"]"),
                        GITHUB_TOKEN, "\"--api-key=***\""),
                arguments("URL with user:password in args", pod("\"args\":[\"--db=postgres://app:s3cr3t-pw@db:5432/app\"]"),
                        "s3cr3t-pw", "postgres://app:***@db:5432/app"),
                arguments("shell script in command", pod("\"command\":[\"sh\",\"-c\",\"curl -H 'Authorization: Bearer "
                        + JWT + "' https://api\"]"), JWT, "Authorization: Bearer ***"),
                arguments("AWS secret in args", pod("\"args\":[\"aws_secret_access_key=" + AWS_SECRET + "\"]"),
                        AWS_SECRET, "aws_secret_access_key=***"),
                arguments("annotation named like a secret", annotations("\"example.com/api-token\":\"tok_live_42\""),
                        "tok_live_42", "\"example.com/api-token\":\"***\""),
                arguments("private key in an annotation", annotations("\"tls.example.com/key\":\"" + PRIVATE_KEY + "\""),
                        "MIIEpAIBAAKCAQEA7bq98Xk", "-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----"),
                arguments("GitHub token in an annotation value", annotations("\"ci.example.com/note\":\"pushed with "
                        + GITHUB_TOKEN + "\""), GITHUB_TOKEN, "pushed with ***"),
                arguments("JWT in a termination message", status("\"message\":\"auth failed for token " + JWT + "\""),
                        JWT, "auth failed for token ***"),
                arguments("password in a condition message", status("\"message\":\"probe failed: "
                        + "http://admin:hunter2@localhost:8080/health\""), "hunter2",
                        "http://admin:***@localhost:8080/health"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secrets")
    void shouldMaskSecretAndKeepTheRestWhenManifestHoldsIt(String where, String manifest, String secret,
                                                           String expected) throws Exception {
        ObjectNode tree = (ObjectNode) WireJson.mapper().readTree(manifest);

        int masked = redactor.redact(tree);

        assertThat(masked).as(where).isPositive();
        assertThat(tree.toString()).as(where).doesNotContain(secret).contains(expected);
    }

    @Test
    void shouldLeaveDiagnosisFactsAloneWhenNothingLooksSecret() throws Exception {
        String manifest = pod("\"image\":\"ghcr.io/acme/token-service:1.4\",\"args\":[\"--port=8080\",\"--verbose\"],"
                + "\"resources\":{\"limits\":{\"memory\":\"512Mi\"}},\"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\","
                + "\"port\":8080}}");
        JsonNode before = WireJson.mapper().readTree(manifest);
        ObjectNode tree = before.deepCopy();

        assertThat(redactor.redact(tree)).isZero();
        assertThat(tree).isEqualTo(before);
    }

    private static String pod(String container) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"demo\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"web\"," + container + "}]}}";
    }

    private static String annotations(String entries) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"annotations\":{"
                + entries + "}}}";
    }

    private static String status(String entries) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"},\"status\":{\"containerStatuses\":"
                + "[{\"name\":\"web\",\"lastState\":{\"terminated\":{\"exitCode\":1," + entries + "}}}]}}";
    }
}
