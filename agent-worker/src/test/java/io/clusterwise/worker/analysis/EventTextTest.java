package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.GREETER_POD;
import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

/** The last-termination facts are read from the status record's message in the shapes ingest may write. */
class EventTextTest {

    private static List<ClusterEvent> withMessage(String message) {
        return List.of(status(GREETER_POD, List.of(), "greeter", "CrashLoopBackOff", message, EventType.Warning, 1,
                T0, T0));
    }

    @Test
    void shouldReadExitCodeAndReasonWhenWrittenInWords() {
        List<ClusterEvent> e = withMessage("back-off 5m0s restarting failed container=greeter; "
                + "last terminated: Error, exit code 2");

        assertThat(EventText.exitCode(e)).hasValue(2);
        assertThat(EventText.terminationReason(e)).hasValue("Error");
    }

    @Test
    void shouldReadExitCodeAndReasonFromIngestsStatusMessage() {
        List<ClusterEvent> e = withMessage("container cache is waiting: CrashLoopBackOff (back-off 1m20s restarting "
                + "failed container=cache pod=cache-0_shop(3f6a1b2c)); last terminated: OOMKilled, exit code 137 at "
                + "2026-11-20T09:04:51Z; restarts: 5");

        assertThat(EventText.exitCode(e)).hasValue(137);
        assertThat(EventText.terminationReason(e)).hasValue("OOMKilled");
        assertThat(EventText.container(e.get(0))).hasValue("greeter"); // from the status record's uid
    }

    @Test
    void shouldReadExitCodeAndReasonWhenWrittenAsFields() {
        List<ClusterEvent> e = withMessage("waiting: CrashLoopBackOff; lastState: terminated: reason=OOMKilled "
                + "exitCode=137");

        assertThat(EventText.exitCode(e)).hasValue(137);
        assertThat(EventText.terminationReason(e)).hasValue("OOMKilled");
    }

    @Test
    void shouldFindNothingWhenTheMessageHasNoTermination() {
        List<ClusterEvent> e = withMessage("back-off 5m0s restarting failed container=greeter "
                + "pod=greeter-8f2588814d-a31b9_demo(5cda4217-829e-50d4-4539-3e3b04424452)");

        assertThat(EventText.exitCode(e)).isEmpty();
        assertThat(EventText.terminationReason(e)).isEmpty();
        assertThat(EventText.container(e.get(0))).hasValue("greeter");
    }
}
