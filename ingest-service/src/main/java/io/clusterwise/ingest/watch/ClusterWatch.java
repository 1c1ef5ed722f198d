package io.clusterwise.ingest.watch;

import io.clusterwise.ingest.IngestProperties;
import io.clusterwise.ingest.normalize.ObjectLookup;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The read-only informers (list + watch, never polling) on every configured kind, in all namespaces or in each
 * allowed one. Their handlers only enqueue. Started when this replica becomes the active ingest, stopped when it stops
 * being it (fabric8 informers cannot be restarted, so each start builds new ones). Also the owner lookup: the
 * informers' caches.
 */
public final class ClusterWatch implements ObjectLookup {

    private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);

    private final KubernetesClient client;
    private final ObservedQueue queue;
    private final IngestProperties.Ingest config;
    private final Set<WatchedKind> kinds;
    private final List<WatchedInformer> informers = new CopyOnWriteArrayList<>();
    private final Map<String, List<SharedIndexInformer<? extends HasMetadata>>> byKind = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile String eventsApi = "";

    ClusterWatch(KubernetesClient client, ObservedQueue queue, IngestProperties properties) {
        this.client = client;
        this.queue = queue;
        this.config = properties.ingest();
        this.kinds = config.watchedKinds();
    }

    /** Builds and starts an informer per kind (and allowed namespace). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (WatchedKind kind : kinds) {
            inform(kind);
        }
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
                    log.error("informer for {} stopped{}", watched.description(), failure == null ? "" : ": " + failure);
                }
            });
        }
    }

    /** Stops every informer (final: the next {@link #start()} builds new ones). */
    public synchronized void stop() {
        running = false;
        informers.forEach(watched -> watched.informer().stop());
        informers.clear();
        byKind.clear();
    }

    public boolean isRunning() {
        return running;
    }

    /** True once every informer has listed. */
    public boolean synced() {
        return running && informers.stream().allMatch(WatchedInformer::synced);
    }

    private void inform(WatchedKind kind) {
        switch (kind) {
            case EVENTS -> {
                if (eventsV1Served()) {
                    eventsApi = "events.k8s.io/v1";
                    register(kind, "Event (events.k8s.io/v1)", client.events().v1().events());
                } else {
                    eventsApi = "v1";
                    log.info("the API server does not serve events.k8s.io/v1: watching core/v1 Events");
                    register(kind, "Event", client.v1().events());
                }
            }
            case PODS -> register(kind, "Pod", client.pods());
            case NODES -> registerClusterScoped(kind, client.nodes());
            case NAMESPACES -> registerClusterScoped(kind, client.namespaces());
            case DEPLOYMENTS -> register(kind, "Deployment", client.apps().deployments());
            case REPLICASETS -> register(kind, "ReplicaSet", client.apps().replicaSets());
            case STATEFULSETS -> register(kind, "StatefulSet", client.apps().statefulSets());
            case DAEMONSETS -> register(kind, "DaemonSet", client.apps().daemonSets());
            case JOBS -> register(kind, "Job", client.batch().v1().jobs());
            case CRONJOBS -> register(kind, "CronJob", client.batch().v1().cronjobs());
            case PERSISTENTVOLUMECLAIMS -> register(kind, "PersistentVolumeClaim", client.persistentVolumeClaims());
            case SERVICES -> register(kind, "Service", client.services());
            case ENDPOINTSLICES -> register(kind, "EndpointSlice", client.discovery().v1().endpointSlices());
        }
    }

    private boolean eventsV1Served() {
        try {
            return client.supports("events.k8s.io/v1", "Event");
        } catch (RuntimeException e) {
            log.warn("cannot ask the API server whether it serves events.k8s.io/v1 ({}): watching core/v1 Events",
                    e.toString());
            return false;
        }
    }

    private <T extends HasMetadata> void register(WatchedKind kind, String description,
                                                  MixedOperation<T, ?, ?> resources) {
        long resync = config.resyncPeriod().toMillis();
        if (config.allNamespaces()) {
            add(kind, description + " in all namespaces", resources.inAnyNamespace().runnableInformer(resync));
        } else {
            for (String namespace : config.namespaces()) {
                if (config.watches(namespace)) {
                    add(kind, description + " in " + namespace,
                            resources.inNamespace(namespace).runnableInformer(resync));
                }
            }
        }
    }

    private <T extends HasMetadata> void registerClusterScoped(WatchedKind kind, NonNamespaceOperation<T, ?, ?> resources) {
        add(kind, kind.kind(), resources.runnableInformer(config.resyncPeriod().toMillis()));
    }

    private <T extends HasMetadata> void add(WatchedKind kind, String description, SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ObservingHandler<>(queue, kind, config::watches));
        informer.exceptionHandler((started, failure) -> {
            // keep retrying list/watch (health stays DOWN while not synced); give up only on data we cannot read
            log.warn("informer for {} failed ({}), {}", description, failure.toString(),
                    ExceptionHandler.isDeserializationException(failure) ? "stopping" : "retrying");
            return !ExceptionHandler.isDeserializationException(failure);
        });
        informers.add(new WatchedInformer(description, informer));
        byKind.computeIfAbsent(kind.kind(), k -> new CopyOnWriteArrayList<>()).add(informer);
    }

    List<WatchedInformer> informers() {
        return List.copyOf(informers);
    }

    /** {@code events.k8s.io/v1} or {@code v1}: the API Events are read from (empty before the first start). */
    public String eventsApi() {
        return eventsApi;
    }

    @Override
    public Optional<HasMetadata> find(String kind, String namespace, String name) {
        List<SharedIndexInformer<? extends HasMetadata>> candidates = byKind.get(kind);
        if (candidates == null || name == null) {
            return Optional.empty();
        }
        String key = namespace == null || namespace.isEmpty() ? name : Cache.namespaceKeyFunc(namespace, name);
        return candidates.stream()
                .<HasMetadata>map(informer -> informer.getStore().getByKey(key))
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** UIDs of every object in the caches (not Events), to find what was deleted while nobody watched. */
    public Set<String> cachedUids() {
        Set<String> uids = ConcurrentHashMap.newKeySet();
        byKind.forEach((kind, list) -> {
            if (!"Event".equals(kind)) {
                list.forEach(informer -> informer.getStore().list()
                        .forEach(object -> uids.add(object.getMetadata().getUid())));
            }
        });
        return uids;
    }

    /** Each informer's state, and whether all are synced and none has stopped. */
    public InformersHealth health() {
        Map<String, String> states = new LinkedHashMap<>();
        boolean up = running;
        for (WatchedInformer informer : informers) {
            boolean synced = informer.synced();
            boolean stopped = informer.stopped();
            up &= synced && !stopped;
            states.put(informer.description(), stopped ? "stopped" : synced ? "synced" : "not synced");
        }
        return new InformersHealth(up, states);
    }

    public record InformersHealth(boolean up, Map<String, String> informers) {
    }

    /** Hands every cached object (the latest state of everything watched) to {@code each}, e.g. after an overflow. */
    public void forEachCached(CachedObjectConsumer each) throws InterruptedException {
        for (Map.Entry<String, List<SharedIndexInformer<? extends HasMetadata>>> entry : byKind.entrySet()) {
            WatchedKind kind = WatchedKind.fromKind(entry.getKey()).orElseThrow();
            for (SharedIndexInformer<? extends HasMetadata> informer : entry.getValue()) {
                for (HasMetadata object : informer.getStore().list()) {
                    each.accept(new Observed.Upserted(kind, object));
                }
            }
        }
    }

    @FunctionalInterface
    public interface CachedObjectConsumer {
        void accept(Observed observed) throws InterruptedException;
    }
}
