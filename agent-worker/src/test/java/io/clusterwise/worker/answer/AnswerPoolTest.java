package io.clusterwise.worker.answer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Questions are answered side by side, at most max-concurrent-answers at once; the next one waits, never dropped. */
class AnswerPoolTest {

    private final AnswerPool pool = new AnswerPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        pool.destroy();
    }

    @Test
    void shouldAnswerTwoAtOnceAndMakeTheThirdWaitWhenTheLimitIsTwo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        Runnable answer = () -> {
            running.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            finished.incrementAndGet();
        };
        pool.submit(answer);
        pool.submit(answer);
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);

        CountDownLatch thirdSubmitted = new CountDownLatch(1);
        Thread listener = new Thread(() -> {
            try {
                pool.submit(answer);
                thirdSubmitted.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        listener.start();

        assertThat(thirdSubmitted.await(300, TimeUnit.MILLISECONDS)).isFalse(); // waits for a free slot
        assertThat(running.get()).isEqualTo(2);
        release.countDown();
        assertThat(thirdSubmitted.await(5, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> finished.get() == 3);
        listener.join(5_000);
    }
}
