package io.clusterwise.gateway.models;

import io.clusterwise.contracts.ModelStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import java.util.Locale;

/** Model meters for /actuator/prometheus: workers by the state of their fresh report. */
@Component
class ModelMetrics implements MeterBinder {

    private final ModelStatusBook book;

    ModelMetrics(ModelStatusBook book) {
        this.book = book;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ModelStatus.State state : ModelStatus.State.values()) {
            Gauge.builder("clusterwise.gateway.model.workers", book,
                            b -> b.snapshot().fresh().stream().filter(r -> r.status().state() == state).count())
                    .description("agent-workers whose fresh report on agent.models has this state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }
}
