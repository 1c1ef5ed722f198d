package io.clusterwise.worker.answer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the highest settled offset below every unsettled one is acknowledged: a commit never passes an answer. */
class QuestionOffsetsTest {

    private static final String TOPIC = "agent.questions";

    private final QuestionOffsets offsets = new QuestionOffsets();
    /** The offsets acknowledged, in order (each commits itself + 1). */
    private final List<Long> acknowledged = new ArrayList<>();

    @Test
    void shouldAcknowledgeNothingPastAnUnsettledQuestionWhenLaterOnesSettleFirst() {
        QuestionOffsets.Ticket slow = received(0, 10);
        QuestionOffsets.Ticket quick = received(0, 11);
        offsets.settled(record(0, 12), ack(0, 12));
        quick.settle();

        assertThat(acknowledged).isEmpty();
        assertThat(offsets.unsettled()).isEqualTo(1);

        slow.settle();

        assertThat(acknowledged).containsExactly(12L);
        assertThat(offsets.unsettled()).isZero();
    }

    @Test
    void shouldAcknowledgeEachPartitionOnItsOwnWhenOnlyAnotherPartitionHasAnUnsettledQuestion() {
        received(0, 10);
        offsets.settled(record(1, 5), ack(1, 5));

        assertThat(acknowledged).containsExactly(5L);
    }

    @Test
    void shouldLetTheContainerCommitPastADeadLetteredRecordOnlyWhenNothingBeforeItIsUnsettled() {
        assertThat(offsets.deadLettered(record(0, 3))).isTrue();

        QuestionOffsets.Ticket slow = received(0, 4);
        assertThat(offsets.deadLettered(record(0, 5))).isFalse();
        QuestionOffsets.Ticket later = received(0, 6);
        later.settle();
        assertThat(acknowledged).isEmpty();

        slow.settle();

        assertThat(acknowledged).as("the acknowledgement of 6 covers the dead-lettered 5").containsExactly(6L);
    }

    @Test
    void shouldSettleNothingWhenTheAnswerEndsAfterItsPartitionWasRevoked() {
        QuestionOffsets.Ticket answering = received(0, 10);

        offsets.onPartitionsRevokedBeforeCommit(null, List.of(new TopicPartition(TOPIC, 0)));
        answering.settle();

        assertThat(acknowledged).isEmpty();
        assertThat(offsets.unsettled()).isZero();
        offsets.settled(record(0, 10), ack(0, 10)); // the partition came back: read again from the commit
        assertThat(acknowledged).containsExactly(10L);
    }

    @Test
    void shouldNotHoldBackLaterOffsetsWhenAHandOverFailedAndTheRecordIsForgotten() {
        QuestionOffsets.Ticket failed = received(0, 7);
        offsets.settled(record(0, 8), ack(0, 8));

        failed.forget();

        assertThat(acknowledged).containsExactly(8L);
    }

    private QuestionOffsets.Ticket received(int partition, long offset) {
        return offsets.received(record(partition, offset), ack(partition, offset));
    }

    private Acknowledgment ack(int partition, long offset) {
        return () -> acknowledged.add(offset);
    }

    private static ConsumerRecord<String, String> record(int partition, long offset) {
        return new ConsumerRecord<>(TOPIC, partition, offset, "key", "value");
    }
}
