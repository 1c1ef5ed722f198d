package io.clusterwise.gateway.chat;

import io.clusterwise.contracts.ChatReply;
import io.clusterwise.gateway.web.StreamWriters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
 * Chat streams are written by the shared writer pool, one ordered queue per stream: a client that stops reading must
 * not hold up the reply consumer or any other stream, and each stream still sees its events in order with exactly
 * one terminal event last.
 */
class SlowClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration PROMPTLY = Duration.ofSeconds(2);
    private static final Set<String> TERMINAL = Set.of("complete", "timeout", "error");

    private final StreamWriters writers = new StreamWriters(2, 64);
    /** Queues of 4 events, to fill one quickly. */
    private final StreamWriters shortQueues = new StreamWriters(1, 4);
    private final List<RecordingEmitter> emitters = new ArrayList<>();

    @AfterEach
    void releaseAndStop() {
        emitters.forEach(e -> e.release.countDown());
        writers.close();
        shortQueues.close();
    }

    @Test
    void shouldCompleteAHealthyStreamPromptlyWhenAnotherStreamsClientIsNotReading() throws Exception {
        RecordingEmitter stuckClient = emitter(true);
        RecordingEmitter healthyClient = emitter(false);
        PendingAnswer stuck = answer("q-stuck", stuckClient, new CopyOnWriteArrayList<>());
        List<PendingAnswer.Outcome> healthyEnd = new CopyOnWriteArrayList<>();
        PendingAnswer healthy = answer("q-healthy", healthyClient, healthyEnd);

        // the reply consumer: replies for both streams, interleaved as they come off the partition
        Thread consumer = new Thread(() -> {
            stuck.accept(chunk("q-stuck", 0, "The pod "));
            healthy.accept(chunk("q-healthy", 0, "All "));
            stuck.accept(chunk("q-stuck", 1, "checkout "));
            healthy.accept(chunk("q-healthy", 1, "fine."));
            healthy.accept(complete("q-healthy", "All fine."));
        }, "test-reply-consumer");
        consumer.start();

        assertThat(stuckClient.writeStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(PROMPTLY).untilAsserted(() -> {
            assertThat(consumer.isAlive()).as("the reply consumer waited for a client").isFalse();
            assertThat(healthyClient.events).containsExactly("chunk:0", "chunk:1", "complete");
            assertThat(healthyEnd).containsExactly(PendingAnswer.Outcome.COMPLETED);
        });
        // and the stuck client is still stuck in its first write
        assertThat(stuckClient.events).isEmpty();
        assertThat(stuckClient.release.getCount()).isEqualTo(1);
    }

    @Test
    void shouldEndTheStreamWithAnErrorWhenItsClientIsNotReading() throws Exception {
        RecordingEmitter stuckClient = emitter(true);
        List<PendingAnswer.Outcome> ends = new CopyOnWriteArrayList<>();
        PendingAnswer stuck = new PendingAnswer("q-stuck", "c-1", "why?", stuckClient, shortQueues.newStream(),
                (a, outcome) -> ends.add(outcome));

        stuck.accept(chunk("q-stuck", 0, "one "));
        assertThat(stuckClient.writeStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // one write in progress, then the queue (capacity 4) fills up; the fifth waiting chunk does not fit
        for (int seq = 1; seq <= 5; seq++) {
            stuck.accept(chunk("q-stuck", seq, "more "));
        }
        // counted and its slot freed at once, without waiting for the client
        assertThat(ends).containsExactly(PendingAnswer.Outcome.NOT_READING);
        assertThat(stuck.accept(complete("q-stuck", "too late"))).isFalse();

        stuckClient.release.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(stuckClient.events)
                .containsExactly("chunk:0", "chunk:1", "chunk:2", "chunk:3", "chunk:4", "error"));
        assertThat(stuckClient.data.get(stuckClient.data.size() - 1))
                .contains("not reading").contains("clusterwise.gateway.streams.queue-capacity");
        assertThat(ends).containsExactly(PendingAnswer.Outcome.NOT_READING);
    }

    @Test
    void shouldKeepChunksInOrderAndEndOnceWhenRepliesRaceTheDeadlineAndHeartbeats() throws Exception {
        for (int round = 0; round < 200; round++) {
            RecordingEmitter client = emitter(false);
            List<PendingAnswer.Outcome> ends = new CopyOnWriteArrayList<>();
            List<String> recorded = new CopyOnWriteArrayList<>();
            PendingAnswer answer = answer("q-" + round, client, ends);
            CountDownLatch go = new CountDownLatch(1);
            String id = "q-" + round;
            List<Thread> threads = List.of(
                    new Thread(() -> {
                        awaitQuietly(go);
                        for (int seq = 0; seq < 20; seq++) {
                            answer.accept(chunk(id, seq, "t" + seq + " "));
                        }
                        answer.take(complete(id, "the answer"), () -> recorded.add("turn"));
                    }, "test-reply-consumer"),
                    new Thread(() -> {
                        awaitQuietly(go);
                        answer.timeOut("no answer within 90 s");
                    }, "test-timer"),
                    new Thread(() -> {
                        awaitQuietly(go);
                        for (int i = 0; i < 20; i++) {
                            answer.heartbeat();
                        }
                    }, "test-heartbeat"));
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join(WAIT.toMillis());
            }

            await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .untilAsserted(() -> assertThat(ends).hasSize(1));
            List<String> events = client.events.stream().filter(e -> !e.equals("comment")).toList();
            String last = events.get(events.size() - 1);
            assertThat(events.stream().filter(TERMINAL::contains)).as("round %d: %s", round, events).hasSize(1);
            assertThat(last).as("round %d: %s", round, events).isIn(TERMINAL);
            assertThat(client.attempts.get(client.attempts.size() - 1)).as("nothing is written after the end")
                    .isEqualTo(last);
            List<String> chunks = events.subList(0, events.size() - 1);
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(chunks.get(i)).as("round %d: %s", round, events).isEqualTo("chunk:" + i);
            }
            if (last.equals("complete")) {
                assertThat(chunks).hasSize(20);
                assertThat(recorded).containsExactly("turn");
                assertThat(ends).containsExactly(PendingAnswer.Outcome.COMPLETED);
            } else {
                assertThat(recorded).isEmpty();
                assertThat(ends).containsExactly(PendingAnswer.Outcome.TIMED_OUT);
            }
        }
    }

    private RecordingEmitter emitter(boolean stuck) {
        RecordingEmitter emitter = new RecordingEmitter(stuck);
        emitters.add(emitter);
        return emitter;
    }

    private PendingAnswer answer(String questionId, SseEmitter emitter, List<PendingAnswer.Outcome> ends) {
        return new PendingAnswer(questionId, "c-1", "why?", emitter, writers.newStream(),
                (a, outcome) -> ends.add(outcome));
    }

    private static ChatReply.Chunk chunk(String questionId, int seq, String text) {
        return new ChatReply.Chunk(questionId, "c-1", seq, text);
    }

    private static ChatReply.Complete complete(String questionId, String answer) {
        return new ChatReply.Complete(questionId, "c-1", answer, ChatReply.AnswerMode.MODEL, "mistral", null, List.of(),
                List.of());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * An emitter with no servlet behind it (writes are kept until it completes, then refused as for a real stream)
     * that records what is written — event name, and {@code chunk:<seq>} for chunks. A stuck one blocks its first
     * write, as a client whose TCP window is full does, until the test releases it.
     */
    private static final class RecordingEmitter extends SseEmitter {

        private static final Pattern EVENT_NAME = Pattern.compile("event:(\\w+)");
        private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

        final List<String> attempts = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<String> data = new CopyOnWriteArrayList<>();
        final CountDownLatch writeStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final boolean stuck;

        RecordingEmitter(boolean stuck) {
            this.stuck = stuck;
        }

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            Set<DataWithMediaType> parts = builder.build();
            StringBuilder text = new StringBuilder();
            parts.forEach(part -> text.append(part.getData()));
            String name = nameOf(text);
            attempts.add(name);
            writeStarted.countDown();
            if (stuck) {
                awaitQuietly(release);
            }
            super.send(parts);
            events.add(name);
            data.add(text.toString());
        }

        private static String nameOf(CharSequence text) {
            Matcher m = EVENT_NAME.matcher(text);
            if (!m.find()) {
                return "comment";
            }
            if (!"chunk".equals(m.group(1))) {
                return m.group(1);
            }
            Matcher seq = SEQ.matcher(text);
            return seq.find() ? "chunk:" + seq.group(1) : "chunk";
        }
    }
}
