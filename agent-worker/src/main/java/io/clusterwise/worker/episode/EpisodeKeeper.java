package io.clusterwise.worker.episode;

import io.clusterwise.contracts.Envelope;
import io.clusterwise.contracts.EnvelopeSerializer;
import io.clusterwise.contracts.Episode;
import io.clusterwise.contracts.Insight;
import io.clusterwise.contracts.Topic;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.kafka.ConsumerFeed;
import io.clusterwise.worker.state.ClusterView;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Keeps incident episodes and announces each transition once, across replicas and restarts.
 * <p>
 * Ownership: the worker replicas form the consumer group {@value #GROUP} on the compacted {@code agent.episodes}; a
 * fingerprint belongs to the partition its key hashes to, and only the replica assigned that partition decides its
 * episodes. On assignment it opens a transactional producer with the id {@value #TRANSACTIONAL_ID_PREFIX}{@code
 * <partition>} (which fences a previous owner and settles its unfinished transaction), then reads the partition from
 * the beginning (read_committed) to learn what was already announced. Each transition writes the new episode and its
 * insight in one transaction, so the two are visible together or not at all. A transaction that cannot be aborted
 * (its commit timed out: the broker was away longer than {@code max.block.ms}) may or may not have been written; the
 * keeper drops that producer and takes the partition up again the same way, so the transition is told once either way.
 * <p>
 * One thread does everything (the consumer is not thread-safe): polls, restores, and every {@code check-interval}
 * compares the current incidents with the episodes of its partitions.
 */
final class EpisodeKeeper extends ConsumerFeed {

    static final String GROUP = "clusterwise-agent-worker-episodes";
    static final String TRANSACTIONAL_ID_PREFIX = "clusterwise-agent-worker-episodes-";
    private static final Logger log = LoggerFactory.getLogger(EpisodeKeeper.class);
    private static final String EPISODES = Topic.AGENT_EPISODES.topicName();
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * @param checkEvery         how often incidents are compared with episodes
     * @param explanationTimeout how long the model may take to explain the transitions of one check, in total
     * @param ownerGrace         how long a new incident whose subject may still move up its owner chain waits
     */
    record Settings(String clusterName, Duration checkEvery, Duration explanationTimeout, Duration ownerGrace) {
    }

    private final Supplier<Map<String, Object>> consumerProperties;
    private final Supplier<Map<String, Object>> producerConfig;
    private final ClusterView view;
    private final Suppressions suppressions;
    private final Explainer explainer;
    private final EpisodeRules rules;
    private final Settings settings;
    private final Clock clock;

    // touched only by the keeper thread
    private final Map<Integer, KafkaProducer<String, Envelope<?>>> producers = new HashMap<>();
    private final Map<Integer, Long> restoring = new HashMap<>();
    private final Set<Integer> ready = new HashSet<>();
    /** Partitions still assigned whose producer had to go: taken up again (new producer, read again) after a poll. */
    private final Set<Integer> retake = new HashSet<>();
    private final Map<String, Episode> episodes = new HashMap<>();
    private final OpeningHold hold;
    private int partitionCount;
    private Instant nextCheck = Instant.MIN;

    private volatile Set<Integer> owned = Set.of();

    EpisodeKeeper(Supplier<Map<String, Object>> consumerProperties, Supplier<Map<String, Object>> producerConfig,
                  ClusterView view, Suppressions suppressions, Explainer explainer, EpisodeRules rules,
                  Settings settings, Clock clock) {
        super("clusterwise-episodes", log,
                "the episode keeper stopped; no insights will be published until the worker restarts");
        this.consumerProperties = consumerProperties;
        this.producerConfig = producerConfig;
        this.view = view;
        this.suppressions = suppressions;
        this.explainer = explainer;
        this.rules = rules;
        this.settings = settings;
        this.clock = clock;
        this.hold = new OpeningHold(settings.ownerGrace());
    }

    /** The agent.episodes partitions this replica owns and has restored. */
    Set<Integer> ownedPartitions() {
        return owned;
    }

    @Override
    protected Map<String, Object> consumerConfig() {
        Map<String, Object> config = withoutGroup(consumerProperties.get(), GROUP);
        // unlike the feeds, the keeper is a group member: the group's assignment decides what it owns
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    @Override
    protected void consume(KafkaConsumer<String, byte[]> c) {
        try {
            partitionCount = awaitPartitions(EPISODES, "no insights are published").size();
            if (partitionCount == 0) {
                return;
            }
            c.subscribe(List.of(EPISODES), new Ownership(c));
            nextCheck = Instant.MIN;
            pollWhileRunning(POLL, this::remember, () -> afterPoll(c));
        } finally {
            producers.values().forEach(p -> p.close(Duration.ofSeconds(2)));
            producers.clear();
            owned = Set.of();
        }
    }

    private void afterPoll(KafkaConsumer<String, byte[]> c) {
        retakeDropped(c);
        finishRestores(c);
        Instant now = clock.instant();
        if (!now.isBefore(nextCheck)) {
            check();
            nextCheck = clock.instant().plus(settings.checkEvery());
        }
    }

    /** Compares the current incidents with the episodes of the partitions this replica owns; announces changes. */
    void check() {
        if (ready.isEmpty() || !view.caughtUp() || !suppressions.loaded()) {
            return;
        }
        ClusterView.Snapshot snapshot = view.snapshot();
        Instant now = snapshot.at();
        Map<String, Incident> current = new HashMap<>();
        for (Incident i : snapshot.incidents()) {
            if (ready.contains(partitionOf(i.fingerprint()))) {
                current.putIfAbsent(i.fingerprint(), i);
            }
        }
        Set<String> fingerprints = new LinkedHashSet<>(current.keySet());
        episodes.forEach((fp, e) -> {
            if (e.state() == Episode.State.OPEN && ready.contains(partitionOf(fp))) {
                fingerprints.add(fp);
            }
        });
        Instant explainUntil = clock.instant().plus(settings.explanationTimeout());
        hold.retain(current.keySet());
        for (String fp : fingerprints) {
            Incident incident = current.get(fp);
            Episode previous = episodes.get(fp);
            if (incident != null && (previous == null || previous.state() == Episode.State.RESOLVED)
                    && hold.waits(incident, now)) {
                continue; // its subject may still become the Deployment/CronJob: announce once, under that
            }
            Instant lastEvidence = incident == null ? null : snapshot.lastEvidenceAt(incident);
            rules.decide(previous, incident, lastEvidence, now).ifPresent(change -> {
                boolean muted = suppressions.muted(fp, now);
                String explanation = muted || incident == null || change.transition() == Insight.Transition.RESOLVED
                        ? null : explainer.explain(incident, Duration.between(clock.instant(), explainUntil));
                Insight insight = muted ? null : InsightFactory.insight(change.episode(), incident, explanation,
                        rules.quietPeriod(), now);
                if (publish(partitionOf(fp), change.episode(), insight)) {
                    episodes.put(fp, change.episode());
                }
            });
        }
        Instant forgetBefore = now.minus(Topic.AGENT_EPISODES.retention());
        episodes.values().removeIf(e -> e.state() == Episode.State.RESOLVED && e.transitionAt() != null
                && e.transitionAt().isBefore(forgetBefore));
    }

    private boolean publish(int partition, Episode episode, Insight insight) {
        KafkaProducer<String, Envelope<?>> producer = producers.get(partition);
        if (producer == null) {
            return false;
        }
        String fp = episode.fingerprint();
        String subject = episode.subject() == null ? fp : episode.subject().path();
        try {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(EPISODES, partition, fp,
                    Envelope.of(settings.clusterName(), subject, episode.transitionAt(), episode)));
            if (insight != null) {
                producer.send(new ProducerRecord<>(Topic.AGENT_INSIGHTS.topicName(), fp,
                        Envelope.of(settings.clusterName(), subject, insight.detectedAt(), insight)));
            }
            producer.commitTransaction();
            log.info("episode {} {} (#{}){}", fp, episode.lastTransition(), episode.sequence(),
                    insight == null ? " muted: no insight" : "");
            return true;
        } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
            log.warn("another worker took over {}-{} ({}); leaving its episodes to it", EPISODES, partition,
                    e.getClass().getSimpleName());
            release(List.of(partition));
            return false;
        } catch (KafkaException e) {
            log.warn("could not publish episode {} {}; retrying on the next check: {}", fp,
                    episode.lastTransition(), e.getMessage());
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException abortFailed) {
                // a commit that timed out cannot be aborted, only retried (the client throws IllegalStateException),
                // and whether it was written is unknown until a new producer with the same transactional id settles
                // it. So: drop this producer and take the partition up again as on assignment (fence, settle, read
                // what was announced), then decide anew
                log.warn("dropping the producer of {}-{} ({}); taking the partition up again", EPISODES, partition,
                        abortFailed.getMessage());
                release(List.of(partition));
                retake.add(partition);
            }
            return false;
        }
    }

    private void remember(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            episodes.remove(record.key());
            return;
        }
        read(Topic.AGENT_EPISODES, record).ifPresent(payload -> {
            if (payload instanceof Episode e) {
                episodes.merge(record.key(), e, (old, now) -> now.sequence() >= old.sequence() ? now : old);
            }
        });
    }

    private void finishRestores(KafkaConsumer<String, byte[]> c) {
        if (restoring.isEmpty()) {
            return;
        }
        restoring.entrySet().removeIf(e -> {
            if (c.position(new TopicPartition(EPISODES, e.getKey())) >= e.getValue()) {
                ready.add(e.getKey());
                log.info("owning {}-{}: {} episodes known", EPISODES, e.getKey(), episodes.keySet().stream()
                        .filter(fp -> partitionOf(fp) == e.getKey()).count());
                return true;
            }
            return false;
        });
        owned = Set.copyOf(ready);
    }

    int partitionOf(String fingerprint) {
        // Kafka's default partitioning of a keyed record, so the episode lands where its owner reads
        return Utils.toPositive(Utils.murmur2(fingerprint.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    private void release(Collection<Integer> partitions) {
        for (int p : partitions) {
            KafkaProducer<String, Envelope<?>> producer = producers.remove(p);
            if (producer != null) {
                producer.close(Duration.ofSeconds(1));
            }
            restoring.remove(p);
            ready.remove(p);
            retake.remove(p);
            episodes.keySet().removeIf(fp -> partitionOf(fp) == p);
        }
        owned = Set.copyOf(ready);
    }

    private KafkaProducer<String, Envelope<?>> producer(int partition) {
        Map<String, Object> config = new HashMap<>(producerConfig.get());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + partition);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + partition + "-"
                + Integer.toHexString(System.identityHashCode(this)));
        return new KafkaProducer<>(config, new StringSerializer(), new EnvelopeSerializer());
    }

    /**
     * Takes partitions up: for each a transactional producer that fences the previous owner and settles its open
     * transaction, then a read from the beginning to the (now stable) end. A partition whose producer cannot be
     * opened (the broker away longer than {@code max.block.ms}) is tried again after the next poll.
     */
    private void take(KafkaConsumer<String, byte[]> c, Collection<Integer> partitions) {
        List<TopicPartition> taken = new ArrayList<>();
        for (int p : partitions) {
            KafkaProducer<String, Envelope<?>> producer = producer(p);
            try {
                producer.initTransactions(); // fences the previous owner and settles its open transaction
            } catch (ProducerFencedException | InvalidProducerEpochException | AuthorizationException e) {
                producer.close(Duration.ZERO);
                log.warn("not taking up {}-{}: {}", EPISODES, p, e.getMessage());
                continue;
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                log.warn("cannot take up {}-{} yet ({}); trying again", EPISODES, p, e.getMessage());
                retake.add(p);
                continue;
            }
            producers.put(p, producer);
            taken.add(new TopicPartition(EPISODES, p));
        }
        if (taken.isEmpty()) {
            return;
        }
        // after fencing: the end (last stable offset) now includes everything the previous owner committed
        Map<TopicPartition, Long> ends;
        try {
            ends = c.endOffsets(taken);
        } catch (KafkaException e) {
            List<Integer> numbers = taken.stream().map(TopicPartition::partition).toList();
            log.warn("cannot read the end of {} {} yet ({}); trying again", EPISODES, numbers, e.getMessage());
            release(numbers);
            retake.addAll(numbers);
            return;
        }
        c.seekToBeginning(taken);
        for (TopicPartition tp : taken) {
            int p = tp.partition();
            episodes.keySet().removeIf(fp -> partitionOf(fp) == p);
            restoring.put(p, ends.getOrDefault(tp, 0L));
        }
    }

    /** Takes up again the partitions whose producer was dropped, if the group still assigns them here. */
    private void retakeDropped(KafkaConsumer<String, byte[]> c) {
        if (retake.isEmpty()) {
            return;
        }
        Set<TopicPartition> assigned = c.assignment();
        List<Integer> again = retake.stream().filter(p -> assigned.contains(new TopicPartition(EPISODES, p)))
                .toList();
        retake.clear();
        take(c, again);
    }

    /** Runs in the keeper thread, inside poll. */
    private final class Ownership implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, byte[]> c;

        Ownership(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            take(c, partitions.stream().map(TopicPartition::partition).toList());
        }
    }
}
