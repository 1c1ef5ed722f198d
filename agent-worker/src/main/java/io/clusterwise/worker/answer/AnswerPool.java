package io.clusterwise.worker.answer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code clusterwise.worker.max-concurrent-answers} answers at once. When all slots are busy the caller (the
 * question listener) waits for one rather than dropping the question, and says so in the log.
 */
class AnswerPool implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AnswerPool.class);
    private static final long WARN_AFTER_MILLIS = 2_000;

    private final Semaphore slots;
    private final int size;
    private final ExecutorService executor;

    AnswerPool(int size) {
        this.size = size;
        this.slots = new Semaphore(size);
        AtomicInteger n = new AtomicInteger();
        // never holds more than `size` tasks: the semaphore admits only that many
        this.executor = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(size),
                r -> {
                    Thread t = new Thread(r, "clusterwise-answer-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs the task when a slot is free; blocks until then. */
    void submit(Runnable task) throws InterruptedException {
        if (!slots.tryAcquire(WARN_AFTER_MILLIS, TimeUnit.MILLISECONDS)) {
            log.warn("all {} answer slots are busy; the next question waits (raise "
                    + "clusterwise.worker.max-concurrent-answers to answer more at once)", size);
            slots.acquire();
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("answering a question failed", e);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
