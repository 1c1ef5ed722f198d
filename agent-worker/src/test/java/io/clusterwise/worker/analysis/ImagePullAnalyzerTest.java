package io.clusterwise.worker.analysis;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.EventType;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.clusterwise.worker.Fixtures.T0;
import static io.clusterwise.worker.Fixtures.event;
import static io.clusterwise.worker.Fixtures.status;
import static io.clusterwise.worker.Fixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

class ImagePullAnalyzerTest {

    private static final ObjectRef WEB = new ObjectRef("Pod", "shop", "web-5c7d9f8b6-zx9pl",
            "8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586");
    private final Analysis analysis = new Analysis(List.of(new ImagePullAnalyzer()));

    private final List<ClusterEvent> pullFailure = List.of(
            event("ev-failed", WEB, List.of(), "Failed", "Failed to pull image \"nginx:1.27-doesnotexist\": rpc "
                    + "error: code = NotFound desc = failed to pull and unpack image "
                    + "\"docker.io/library/nginx:1.27-doesnotexist\": not found", EventType.Warning, 3, T0,
                    T0.plusSeconds(80), "kubelet"),
            event("ev-errpull", WEB, List.of(), "Failed", "Error: ErrImagePull", EventType.Warning, 3, T0,
                    T0.plusSeconds(80), "kubelet"),
            event("ev-backoff", WEB, List.of(), "BackOff", "Back-off pulling image \"nginx:1.27-doesnotexist\"",
                    EventType.Normal, 5, T0.plusSeconds(10), T0.plusSeconds(120), "kubelet"),
            status(WEB, List.of(), waiting("web", "ImagePullBackOff", 0), "ImagePullBackOff",
                    "container web is waiting: ImagePullBackOff (Back-off pulling image \"nginx:1.27-doesnotexist\"); "
                            + "restarts: 0", EventType.Warning, T0.plusSeconds(10), T0.plusSeconds(120)));

    @Test
    void shouldReportOneWarningNamingTheImageWhenPullsFail() {
        assertThat(analysis.findings(pullFailure)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.summary()).isEqualTo("Pod shop/web-5c7d9f8b6-zx9pl cannot pull its image nginx:1.27-doesnotexist");
            assertThat(f.reason()).isEqualTo("ImagePullBackOff");
            assertThat(f.evidenceIds()).contains("ev-failed", "ev-errpull", "pod-status/" + WEB.uid() + "/web");
        });
    }

    @Test
    void shouldReportNothingWhenTheImageWasPulledLater() {
        List<ClusterEvent> events = new java.util.ArrayList<>(List.of(pullFailure.get(0), pullFailure.get(1)));
        events.add(event("ev-pulled", WEB, List.of(), "Pulled", "Successfully pulled image \"nginx:1.27\" in 2.1s "
                + "(2.1s including waiting). Image size: 72099501 bytes.", EventType.Normal, 1, T0.plusSeconds(300),
                T0.plusSeconds(300), "kubelet"));

        assertThat(analysis.findings(events)).isEmpty();
    }
}
