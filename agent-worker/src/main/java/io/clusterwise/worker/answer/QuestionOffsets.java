package io.clusterwise.worker.answer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.support.Acknowledgment;

import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which offsets of {@code agent.questions} may be committed. The listener hands a question to an answer thread and
 * returns at once (so 200 questions are answered side by side), so the container must not commit by itself: a worker
 * stopped mid-answer would lose the question. Instead each record is <em>received</em> here with its
 * {@link Acknowledgment} and later <em>settled</em>: a question when its {@code Complete} has been sent, anything
 * else (stale, diagnose request, tombstone, duplicate) at once. Only the highest settled offset below every unsettled
 * one is acknowledged, so a commit never passes a question still being answered; a question that is is read again
 * by whoever holds its partition next.
 * <p>
 * A record the error handler dead-letters never reached the listener: {@link #deadLettered} settles it, and tells the
 * error handler whether the container may commit past it right away (nothing unsettled below it). Otherwise it is
 * covered by the next acknowledgement after it; until one comes, a restart would dead-letter it a second time.
 * <p>
 * When a partition is revoked or lost, its tracking is dropped: the new owner reads from the committed offset, and
 * answers still running here settle nothing there.
 */
final class QuestionOffsets implements ConsumerAwareRebalanceListener {

    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    /** Records a question handed to an answer; its offset is not committed until {@link Ticket#settle()}. */
    Ticket received(ConsumerRecord<?, ?> record, Acknowledgment ack) {
        Partition partition = partition(record);
        partition.receive(record.offset(), ack);
        return new Ticket(partition, record.offset());
    }

    /** Records a record that needs no answer: it may be committed as soon as nothing before it is unsettled. */
    void settled(ConsumerRecord<?, ?> record, Acknowledgment ack) {
        received(record, ack).settle();
    }

    /**
     * Records a record the error handler has dead-lettered.
     *
     * @return true when the container may commit past it now: no question before it is unsettled
     */
    boolean deadLettered(ConsumerRecord<?, ?> record) {
        return partition(record).deadLettered(record.offset());
    }

    /** Questions received and not yet settled, over every partition this worker holds. */
    int unsettled() {
        return partitions.values().stream().mapToInt(Partition::unsettled).sum();
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        drop(revoked);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        drop(lost);
    }

    private void drop(Collection<TopicPartition> gone) {
        gone.forEach(tp -> {
            Partition p = partitions.remove(tp);
            if (p != null) {
                p.retire();
            }
        });
    }

    private Partition partition(ConsumerRecord<?, ?> record) {
        return partitions.computeIfAbsent(new TopicPartition(record.topic(), record.partition()),
                tp -> new Partition());
    }

    /** One received record; settling it twice, or after its partition was revoked, does nothing. */
    static final class Ticket {
        private final Partition partition;
        private final long offset;

        private Ticket(Partition partition, long offset) {
            this.partition = partition;
            this.offset = offset;
        }

        void settle() {
            partition.settle(offset);
        }

        /** The record was not taken after all (its hand-over failed and the error handler retries it). */
        void forget() {
            partition.forget(offset);
        }
    }

    /** One partition's offsets; every method holds its lock. */
    private static final class Partition {
        private final NavigableMap<Long, Acknowledgment> unsettled = new TreeMap<>();
        /** Settled, not yet acknowledged (an unsettled offset lies below); a null value: dead-lettered. */
        private final NavigableMap<Long, Acknowledgment> settled = new TreeMap<>();
        private boolean retired;

        synchronized void receive(long offset, Acknowledgment ack) {
            if (!retired) {
                unsettled.put(offset, ack);
            }
        }

        synchronized void settle(long offset) {
            if (retired || !unsettled.containsKey(offset)) {
                return;
            }
            settled.put(offset, unsettled.remove(offset));
            acknowledgeSettled();
        }

        synchronized void forget(long offset) {
            unsettled.remove(offset);
            acknowledgeSettled();
        }

        synchronized boolean deadLettered(long offset) {
            if (retired) {
                return false;
            }
            unsettled.remove(offset);
            if (unsettled.headMap(offset, false).isEmpty()) {
                acknowledgeSettled();
                return true;
            }
            settled.put(offset, null);
            return false;
        }

        synchronized int unsettled() {
            return unsettled.size();
        }

        synchronized void retire() {
            retired = true;
            unsettled.clear();
            settled.clear();
        }

        /** Acknowledges the highest settled record below every unsettled one (which commits all before it too). */
        private void acknowledgeSettled() {
            NavigableMap<Long, Acknowledgment> done = unsettled.isEmpty() ? settled
                    : settled.headMap(unsettled.firstKey(), false);
            done.descendingMap().values().stream().filter(Objects::nonNull).findFirst()
                    .ifPresent(Acknowledgment::acknowledge);
            done.clear();
        }
    }
}
