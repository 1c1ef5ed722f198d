package io.clusterwise.reliability;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.Topic;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Core v1 Events created through the simulated cluster's API at a steady rate, as kubelets report them: each with a
 * unique name in namespace {@code demo}, about the seeded greeter pod. Remembers every Event it created (its UID and
 * when), so a test can check each one reached {@code cluster.events} and count how often it was published there.
 */
final class SteadyEvents implements AutoCloseable {

    static final String NAMESPACE = "demo";

    /** One Event the API server accepted; {@code uid} is its UID, which ingest publishes (from the v1 twin, the same). */
    record Created(int seq, String uid, long createdNanos) {
    }

    private final KubernetesClient kube;
    private final String prefix;
    private final Pod involved;
    private final ScheduledExecutorService executor;
    private final List<Created> created = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();

    private SteadyEvents(KubernetesClient kube, String prefix, Pod involved) {
        this.kube = kube;
        this.prefix = prefix;
        this.involved = involved;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "steady-events-" + prefix);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts creating one Event named {@code prefix-N} every {@code every}. */
    static SteadyEvents start(ReliabilityStack stack, String prefix, Duration every) {
        KubernetesClient kube = stack.kube();
        Pod greeter = kube.pods().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith("greeter")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the seeded demo/greeter pod is missing"));
        SteadyEvents events = new SteadyEvents(kube, prefix, greeter);
        events.executor.scheduleAtFixedRate(events::createOne, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return events;
    }

    private void createOne() {
        int n = seq.getAndIncrement();
        Event event = PodEvents.warning(NAMESPACE, prefix + "-" + n, involved.getMetadata().getName(),
                        involved.getMetadata().getUid(), Instant.now())
                .withType("Normal").withReason("ReliabilityTick").withMessage(prefix + " tick " + n)
                .editSource().withComponent("reliability-test").endSource()
                .build();
        try {
            Event stored = kube.v1().events().inNamespace(NAMESPACE).resource(event).create();
            created.add(new Created(n, stored.getMetadata().getUid(), System.nanoTime()));
        } catch (RuntimeException e) {
            failures.add(prefix + "-" + n + ": " + e); // a create that may or may not have happened blurs "lost"
        }
    }

    /** Every Event created so far, in order. */
    List<Created> created() {
        return List.copyOf(created);
    }

    /** UIDs of the Events created so far. */
    Set<String> uids() {
        return created.stream().map(Created::uid).collect(Collectors.toUnmodifiableSet());
    }

    /** Creates whose outcome is unknown (the API call failed): which, and why. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops creating; returns once the create in flight (if any) has ended. */
    void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the event generator " + prefix + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many times each Event of this generator is on {@code cluster.events} now (committed records of
     * {@link ReliabilityStack#CLUSTER}), by UID; an Event not published is absent.
     */
    Map<String, Integer> publishes(TopicScan topics) {
        Set<String> ours = uids();
        Map<String, Integer> counts = new HashMap<>();
        for (TopicScan.Read read : topics.committed(Topic.CLUSTER_EVENTS)) {
            read.envelope().filter(e -> ReliabilityStack.CLUSTER.equals(e.source()))
                    .map(e -> e.data() instanceof ClusterEvent fact ? fact.eventUid() : null)
                    .filter(ours::contains)
                    .ifPresent(uid -> counts.merge(uid, 1, Integer::sum));
        }
        return counts;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        kube.close();
    }
}
