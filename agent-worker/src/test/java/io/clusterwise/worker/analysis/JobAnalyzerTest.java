package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.worker.Manifests;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.analysis.StateAnalysis.findings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed Jobs (a CronJob's Job is correlated to the CronJob: see DiagnosisTest).
 * Realistic {@code kubectl -o json} objects; healthy ones give no finding.
 */
class JobAnalyzerTest {

    @Test
    void shouldReportTheFailureReasonWhenAJobFailed() {
        ObjectSnapshot job = Manifests.snapshot("failed-job",
                new ObjectRef("CronJob", "reports", "nightly-report", "cj-nightly"));
        ClusterEvent limit = event("ev-job", job.object(), job.owners(), "BackoffLimitExceeded",
                "Job has reached the specified backoff limit", EventType.Warning, 1, T0, T0, "job-controller");

        assertThat(findings(List.of(limit), job)).singleElement().satisfies(f -> {
            assertThat(f.analyzer()).isEqualTo("JobFailed");
            assertThat(f.summary()).isEqualTo("Job reports/nightly-report-29404800 failed (BackoffLimitExceeded)");
        });
    }

    @Test
    void shouldFindNothingWhenTheJobCompleted() {
        assertThat(findings(Manifests.snapshot("complete-job"))).isEmpty();
    }
}
