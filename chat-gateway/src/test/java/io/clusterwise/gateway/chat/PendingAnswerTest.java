package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.gateway.web.StreamWriters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one stream, written from three threads: the reply consumer (chunks, complete), the timer (deadline,
 * heartbeats) and the producer callback (error). Whatever the interleaving, the client must see the terminal event
 * last.
 */
class PendingAnswerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final StreamWriters writers = new StreamWriters(2, 16);

    @AfterEach
    void stopWriters() {
        writers.close();
    }

    @Test
    void shouldWriteTheTimeoutEventLastWhenAChunkIsBeingWrittenAsTheDeadlineFires() throws Exception {
        RecordingEmitter emitter = new RecordingEmitter();
        PendingAnswer answer = new PendingAnswer("q-1", "c-1", "why?", emitter, writers.newStream(),
                (a, outcome) -> { });

        Thread consumer = new Thread(() -> answer.accept(new ChatReply.Chunk("q-1", "c-1", 0, "almost ")),
                "test-reply-consumer");
        consumer.start();
        assertThat(emitter.chunkWriteStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Thread timer = new Thread(() -> answer.timeOut("no answer within 3 s"), "test-timer");
        timer.start();
        // the deadline only queues its event behind the chunk: the timer thread is free at once
        timer.join(WAIT.toMillis());
        assertThat(timer.isAlive()).isFalse();
        emitter.releaseChunk.countDown();
        consumer.join(WAIT.toMillis());

        await().atMost(WAIT).untilAsserted(() -> assertThat(emitter.written).containsExactly("chunk", "timeout"));
    }

    /**
     * An emitter (no servlet behind it: writes are kept until it completes, then refused as for a real stream) that
     * records the event names written and holds a chunk's write open until the test lets it go.
     */
    private static final class RecordingEmitter extends SseEmitter {

        private static final Pattern EVENT_NAME = Pattern.compile("event:(\\w+)");

        final List<String> written = new CopyOnWriteArrayList<>();
        final CountDownLatch chunkWriteStarted = new CountDownLatch(1);
        final CountDownLatch releaseChunk = new CountDownLatch(1);
        private final CountDownLatch chunkWriteDone = new CountDownLatch(1);
        private volatile boolean chunkInFlight;

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            Set<DataWithMediaType> parts = builder.build();
            String name = nameOf(parts);
            if (!"chunk".equals(name)) {
                super.send(parts);
                written.add(name);
                return;
            }
            chunkInFlight = true;
            try {
                chunkWriteStarted.countDown();
                awaitQuietly(releaseChunk);
                super.send(parts);
                written.add(name);
            } finally {
                chunkInFlight = false;
                chunkWriteDone.countDown();
            }
        }

        /** A servlet container completes asynchronously; a write still in progress may land before that. */
        @Override
        public void complete() {
            if (chunkInFlight) {
                awaitQuietly(chunkWriteDone);
            }
            super.complete();
        }

        private static String nameOf(Set<DataWithMediaType> parts) {
            StringBuilder text = new StringBuilder();
            parts.forEach(part -> text.append(part.getData()));
            Matcher m = EVENT_NAME.matcher(text);
            return m.find() ? m.group(1) : "comment";
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
