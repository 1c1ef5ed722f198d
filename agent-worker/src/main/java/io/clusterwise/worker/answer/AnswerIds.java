package io.clusterwise.worker.answer;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names each answer attempt {@code <instance-id>/<8 hex>-<n>}: the hex is drawn once per process, so a restarted
 * worker with the same instance id (a pod keeps its name) never repeats an earlier process's ids, and {@code n} counts
 * this process's answers. The gateway tells a redelivered question's second answer from the first by it.
 */
final class AnswerIds {

    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    AnswerIds(String instanceId) {
        this.prefix = instanceId + "/" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "-";
    }

    String next() {
        return prefix + next.incrementAndGet();
    }
}
