package io.clusterwise.reliability;

import io.clusterwise.contracts.Topic;
import io.clusterwise.testsupport.chat.SseChat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control case for every fault test: with nothing broken, the stack watches, answers and reports. */
class ReliabilityStackTest {

    private static ReliabilityStack stack;
    private static ConfigurableApplicationContext gateway;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.start();
        gateway = stack.startServices();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldAnswerFromTheModelWithTheSeededIncidentWhenNothingFails() throws Exception {
        stack.ollama().reply("greeter ", "crash-loops [E1]");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            SseChat.Answer answer = ReliabilityStack.chat(gateway).ask("why is greeter failing?", Duration.ofSeconds(30));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.complete()).hasValueSatisfying(c -> {
                assertThat(c.path("mode").asText()).isEqualTo("MODEL");
                assertThat(c.path("answer").asText()).isEqualTo("greeter crash-loops [E1]");
                assertThat(c.path("findings").toString()).contains("CrashLoopBackOff");
            });
        });
        assertThat(stack.topics().committed(Topic.CLUSTER_EVENTS))
                .anySatisfy(r -> assertThat(r.envelope()).hasValueSatisfying(e ->
                        assertThat(e.source()).isEqualTo(ReliabilityStack.CLUSTER)));
    }
}
