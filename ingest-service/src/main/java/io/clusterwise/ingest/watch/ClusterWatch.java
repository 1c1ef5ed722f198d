package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestProperties;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read-only informers (list + watch, never polling) on core/v1 Events and Pods, in all namespaces or in each
 * configured one. Their handlers only enqueue. Started after the publisher, stopped before it.
 * <p>
 * To watch another kind later, add one {@link #inform} call with its handler.
 */
@Component
class ClusterWatch implements SmartLifecycle, PodCache {

    private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);

    /** Started late and stopped early relative to the publisher ({@code Integer.MAX_VALUE - 2048}). */
    static final int PHASE = Integer.MAX_VALUE - 1024;

    private final List<String> namespaces;
    private final long resyncMillis;
    private final List<WatchedInformer> informers = new ArrayList<>();
    private final List<SharedIndexInformer<Pod>> podInformers = new ArrayList<>();
    private volatile boolean running;

    ClusterWatch(KubernetesClient client, ObservedQueue queue, IngestProperties properties) {
        this.namespaces = properties.ingest().namespaces();
        this.resyncMillis = properties.ingest().resyncPeriod().toMillis();
        inform("Event", client.v1().events(),
                new ObservingHandler<>(queue, Observed.EventObserved::new, null));
        podInformers.addAll(inform("Pod", client.pods(),
                new ObservingHandler<>(queue, Observed.PodObserved::new, Observed.PodDeleted::new)));
    }

    private <T extends HasMetadata> List<SharedIndexInformer<T>> inform(String kind, MixedOperation<T, ?, ?> resources,
                                                                        ObservingHandler<T> handler) {
        List<SharedIndexInformer<T>> created = new ArrayList<>();
        if (namespaces.isEmpty()) {
            created.add(register(kind + " in all namespaces", resources.inAnyNamespace().runnableInformer(resyncMillis),
                    handler));
        } else {
            for (String namespace : namespaces) {
                created.add(register(kind + " in " + namespace,
                        resources.inNamespace(namespace).runnableInformer(resyncMillis), handler));
            }
        }
        return created;
    }

    private <T extends HasMetadata> SharedIndexInformer<T> register(String description, SharedIndexInformer<T> informer,
                                                                    ObservingHandler<T> handler) {
        informer.addEventHandler(handler);
        informer.exceptionHandler((started, failure) -> {
            // keep retrying list/watch (health stays DOWN while not synced); give up only on data we cannot read
            log.warn("informer for {} failed ({}), {}", description, failure.toString(),
                    ExceptionHandler.isDeserializationException(failure) ? "stopping" : "retrying");
            return !ExceptionHandler.isDeserializationException(failure);
        });
        informers.add(new WatchedInformer(description, informer));
        return informer;
    }

    @Override
    public void start() {
        running = true;
        for (WatchedInformer watched : informers) {
            watched.informer().start().whenComplete((ignored, failure) -> {
                if (failure == null) {
                    log.info("informer for {} synced", watched.description());
                } else {
                    log.error("informer for {} did not start: {}", watched.description(), failure.toString());
                }
            });
            watched.informer().stopped().whenComplete((ignored, failure) -> {
                if (running) {
                    log.error("informer for {} stopped{}", watched.description(),
                            failure == null ? "" : ": " + failure);
                }
            });
        }
    }

    @Override
    public void stop() {
        running = false;
        informers.forEach(watched -> watched.informer().stop());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    List<WatchedInformer> informers() {
        return List.copyOf(informers);
    }

    @Override
    public Optional<Pod> find(String namespace, String name) {
        if (namespace == null || name == null) {
            return Optional.empty();
        }
        String key = Cache.namespaceKeyFunc(namespace, name);
        return podInformers.stream()
                .map(informer -> informer.getStore().getByKey(key))
                .filter(Objects::nonNull)
                .findFirst();
    }
}
