package io.clusterwise.gateway.web;

import io.clusterwise.gateway.GatewayProperties;
import io.clusterwise.gateway.testing.TestProperties;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body limit where the length is not declared (chunked), and what is read of a body that is too large. */
class Utf8BodyAdviceTest {

    private static final int LIMIT = 65536; // the default (TestProperties)

    private final Utf8BodyAdvice advice = new Utf8BodyAdvice(TestProperties.withInsights(
            new GatewayProperties.Insights(200, 100, java.time.Duration.ofHours(24))));

    @Test
    void shouldRefuseAndStopReadingWhenAChunkedBodyPassesTheLimit() {
        AtomicLong read = new AtomicLong();
        HttpInputMessage chunked = message(-1, new EndlessJson(read));

        assertThatThrownBy(() -> advice.beforeBodyRead(chunked, null, String.class, null))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessage("the request body is larger than " + LIMIT + " bytes (clusterwise.gateway.max-body-bytes)");
        assertThat(read.get()).as("bytes read of an endless body").isEqualTo(LIMIT + 1);
    }

    @Test
    void shouldRefuseBeforeReadingWhenTheDeclaredLengthIsOverTheLimit() {
        AtomicLong read = new AtomicLong();
        HttpInputMessage declared = message(LIMIT + 1, new EndlessJson(read));

        assertThatThrownBy(() -> advice.beforeBodyRead(declared, null, String.class, null))
                .isInstanceOf(BodyTooLargeException.class);
        assertThat(read.get()).as("bytes read").isZero();
    }

    @Test
    void shouldPassTheBodyOnWhenItIsWithinTheLimit() throws IOException {
        byte[] json = "{\"question\":\"why is greeter failing?\"}".getBytes(StandardCharsets.UTF_8);

        HttpInputMessage passed = advice.beforeBodyRead(message(json.length, new ByteArrayInputStream(json)), null,
                String.class, null);

        assertThat(passed.getBody().readAllBytes()).isEqualTo(json);
    }

    private static HttpInputMessage message(long contentLength, InputStream body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (contentLength >= 0) {
            headers.setContentLength(contentLength);
        }
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return body;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /** {"question":"AAAA… without end, counting what was read. */
    private static final class EndlessJson extends InputStream {
        private static final byte[] START = "{\"question\":\"".getBytes(StandardCharsets.UTF_8);
        private final AtomicLong read;

        EndlessJson(AtomicLong read) {
            this.read = read;
        }

        @Override
        public int read() {
            long n = read.getAndIncrement();
            return n < START.length ? START[(int) n] : 'A';
        }
    }
}
