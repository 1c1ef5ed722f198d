package io.clusterwise.gateway.chat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * Chat and diagnose meters for /actuator/prometheus: pending streams and requests, how they ended, replies nobody
 * here waited for.
 */
@Component
class ChatMetrics implements MeterBinder {

    private final PendingAnswers pending;
    private final PendingDiagnoses diagnoses;
    private final ReplyConsumerState replies;
    private final Conversations conversations;

    ChatMetrics(PendingAnswers pending, PendingDiagnoses diagnoses, ReplyConsumerState replies,
                Conversations conversations) {
        this.pending = pending;
        this.diagnoses = diagnoses;
        this.replies = replies;
        this.conversations = conversations;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("clusterwise.gateway.answers.pending", pending, PendingAnswers::size)
                .description("chat streams waiting for their answer")
                .register(registry);
        for (PendingAnswer.Outcome outcome : PendingAnswer.Outcome.values()) {
            FunctionCounter.builder("clusterwise.gateway.answers", pending, p -> p.count(outcome))
                    .description("chat streams by how they ended")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("clusterwise.gateway.diagnoses.pending", diagnoses, PendingDiagnoses::size)
                .description("diagnose requests waiting for their reply")
                .register(registry);
        for (PendingDiagnosis.Outcome outcome : PendingDiagnosis.Outcome.values()) {
            FunctionCounter.builder("clusterwise.gateway.diagnoses", diagnoses, d -> d.count(outcome))
                    .description("diagnose requests by how they ended")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        FunctionCounter.builder("clusterwise.gateway.replies.received", this,
                        m -> m.pending.receivedReplies() + m.diagnoses.receivedReplies())
                .description("replies (chat and diagnose) read from this instance's own partition of agent.replies")
                .register(registry);
        FunctionCounter.builder("clusterwise.gateway.replies.unmatched", this,
                        m -> m.pending.unmatchedReplies() + m.diagnoses.unmatchedReplies())
                .description("replies on this instance's partition for nobody waiting (late or after timeout)")
                .register(registry);
        FunctionCounter.builder("clusterwise.gateway.replies.duplicate", pending, PendingAnswers::duplicateReplies)
                .description("chat replies dropped because their question already has its answer: chunks of an "
                        + "answer a second worker took over, anything after the first complete")
                .register(registry);
        Gauge.builder("clusterwise.gateway.conversations", conversations, Conversations::size)
                .description("conversations this instance remembers")
                .register(registry);
        Gauge.builder("clusterwise.gateway.reply.consumer.positioned", replies, r -> r.isPositioned() ? 1 : 0)
                .description("1 when the reply consumer is positioned and chats are accepted")
                .register(registry);
    }
}
