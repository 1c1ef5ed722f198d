package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

class SchedulingAnalyzerTest {

    private static final ObjectRef BATCH = new ObjectRef("Pod", "jobs", "report-28461720-kq5vd",
            "6c5d4e3f-2a1b-4c9d-8e7f-a0b1c2d3e4f5");
    private final Analysis analysis = new Analysis(List.of(new SchedulingAnalyzer()));
    private final ClusterEvent failed = event("ev-sched", BATCH, List.of(), "FailedScheduling",
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                    + "2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for "
                    + "scheduling, 2 No preemption victims found for incoming pod.", EventType.Warning, 7, T0,
            T0.plusSeconds(600), "default-scheduler");

    @Test
    void shouldReportWhyNoNodeFitsWhenTheSchedulerFails() {
        assertThat(analysis.findings(List.of(failed))).singleElement().satisfies(f -> {
            assertThat(f.summary()).isEqualTo("Pod jobs/report-28461720-kq5vd cannot be scheduled (0/3 nodes are "
                    + "available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, "
                    + "2 Insufficient memory)");
            assertThat(f.count()).isEqualTo(7);
        });
    }

    @Test
    void shouldReportNothingWhenThePodWasScheduledAfterwards() {
        ClusterEvent scheduled = event("ev-ok", BATCH, List.of(), "Scheduled",
                "Successfully assigned jobs/report-28461720-kq5vd to worker-2", EventType.Normal, 1,
                T0.plusSeconds(700), T0.plusSeconds(700), "default-scheduler");

        assertThat(analysis.findings(List.of(failed, scheduled))).isEmpty();
    }
}
