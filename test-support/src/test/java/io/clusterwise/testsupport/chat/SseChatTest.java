package io.clusterwise.testsupport.chat;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test chat client against a real HTTP server that streams Server-Sent Events. */
class SseChatTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves /api/chat: a chunk, then (if {@code ends}) a complete and the end of the stream, else nothing more. */
    private SseChat serve(boolean ends) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/chat", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("event: chunk\ndata: {\"text\":\"greeter \"}\n\n".getBytes(StandardCharsets.UTF_8));
                body.flush();
                if (ends) {
                    body.write("event: complete\ndata: {\"text\":\"greeter crash-loops\"}\n\n"
                            .getBytes(StandardCharsets.UTF_8));
                } else {
                    release.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return new SseChat("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void shouldReadEveryEventWhenTheStreamEnds() throws Exception {
        SseChat.Answer answer = serve(true).ask("why is greeter failing?", Duration.ofSeconds(10));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.names()).containsExactly("chunk", "complete");
        assertThat(answer.complete()).hasValueSatisfying(c -> assertThat(c.get("text").asText())
                .isEqualTo("greeter crash-loops"));
    }

    @Test
    @Timeout(30) // a client that waits only for the headers would wait here forever
    void shouldFailWithTheEventsSoFarWhenTheStreamDoesNotEndWithinTheTimeout() throws Exception {
        SseChat chat = serve(false);

        assertThatThrownBy(() -> chat.ask("why is greeter failing?", Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("did not end within PT1S").hasMessageContaining("events so far: [chunk]");
        assertThat(Thread.currentThread().isInterrupted()).as("the caller's thread left interrupted").isFalse();
    }
}
