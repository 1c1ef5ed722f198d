package io.clusterwise.gateway.chat;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code replyConsumer} in /actuator/health and its readiness group: DOWN until replies can no longer be missed. */
@Component
class ReplyConsumerHealthIndicator implements HealthIndicator {

    private final ReplyConsumerState state;

    ReplyConsumerHealthIndicator(ReplyConsumerState state) {
        this.state = state;
    }

    @Override
    public Health health() {
        return state.position()
                .map(p -> Health.up()
                        .withDetail("partition", p.partition().toString())
                        .withDetail("startOffset", p.offset())
                        .withDetail("since", p.since().toString())
                        .build())
                .orElseGet(() -> Health.down()
                        .withDetail("partition", state.partition().toString())
                        .withDetail("reason", "not yet assigned and positioned at the end of its reply partition;"
                                + " chats are refused with 503 until it is")
                        .build());
    }
}
