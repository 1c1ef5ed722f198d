package io.clusterwise.ingest;

import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.ingest.leader.Activation;
import io.clusterwise.ingest.logs.ContainerLogs;
import io.clusterwise.ingest.normalize.ObservedNormalizer;
import io.clusterwise.ingest.normalize.Outgoing;
import io.clusterwise.ingest.publish.OutgoingSender;
import io.clusterwise.ingest.publish.PublishedHistory;
import io.clusterwise.ingest.watch.ClusterWatch;
import io.clusterwise.ingest.watch.ObservedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;

/**
 * Becoming the active ingest: take in what was published before (so the first list republishes only what changed),
 * start the informers, and once they have listed, tombstone the objects that were deleted while no one watched.
 * While active, a caretaker thread makes good any overflow of the queue: once the queue has room again it re-reads
 * the informers' caches into it (waiting, never dropping) and tombstones what is gone, so what was dropped is
 * published after all. With container logs on, the log reader takes in which runs' logs were published before and
 * reads while active. Ceasing to be active: stop the log reader, the informers and the caretaker, forget what is
 * queued.
 */
final class ClusterActivation implements Activation {

    private static final Logger log = LoggerFactory.getLogger(ClusterActivation.class);
    private static final Duration CHECK = Duration.ofMillis(200);

    private final PublishedHistory history;
    private final ObservedNormalizer normalizer;
    private final ClusterWatch watch;
    private final ObservedQueue queue;
    private final OutgoingSender sender;
    /** Null when container logs are off. */
    private final ContainerLogs logs;
    private volatile Thread caretaker;

    ClusterActivation(PublishedHistory history, ObservedNormalizer normalizer, ClusterWatch watch, ObservedQueue queue,
                      OutgoingSender sender, ContainerLogs logs) {
        this.history = history;
        this.normalizer = normalizer;
        this.watch = watch;
        this.queue = queue;
        this.sender = sender;
        this.logs = logs;
    }

    @Override
    public void activate() {
        history.loadInto(normalizer);
        if (logs != null) {
            history.readLogs(logs::remember);
            logs.activate();
        }
        watch.start();
        Thread thread = new Thread(this::takeCare, "clusterwise-ingest-caretaker");
        thread.setDaemon(true);
        caretaker = thread;
        thread.start();
    }

    @Override
    public void deactivate() {
        Thread thread = caretaker;
        if (thread != null) {
            thread.interrupt();
        }
        if (logs != null) {
            logs.deactivate();
        }
        watch.stop();
        queue.clear();
        // what was sent is acknowledged before this replica leaves the group, so the next active one reads it back
        sender.flush();
    }

    private void takeCare() {
        try {
            while (!watch.synced()) {
                if (!watch.isRunning()) {
                    return;
                }
                Thread.sleep(CHECK.toMillis());
            }
            tombstoneWhatIsGone("deleted while no ingest watched");
            while (watch.isRunning()) {
                if (queue.overflowed() && queue.size() <= queue.capacity() / 2) {
                    recover();
                }
                Thread.sleep(CHECK.toMillis());
            }
        } catch (InterruptedException e) {
            // deactivated
        }
    }

    private void recover() throws InterruptedException {
        long droppedBefore = queue.dropped();
        log.warn("ingest queue overflowed ({} dropped so far): re-reading the informers' caches", droppedBefore);
        watch.forEachCached(queue::put);
        tombstoneWhatIsGone("deleted while the queue was full");
        if (queue.dropped() == droppedBefore) {
            queue.recovered();
            log.info("ingest queue recovered: everything dropped has been re-read from the caches");
        }
    }

    private void tombstoneWhatIsGone(String why) {
        // published first: an object is in the cache before its notification can lead to a publish
        Set<String> published = normalizer.publishedSnapshots();
        Set<String> present = watch.cachedUids();
        int gone = 0;
        for (String uid : published) {
            if (!present.contains(uid) && watch.isRunning()) {
                normalizer.rememberSnapshot(uid, null);
                sender.send(new Outgoing.Tombstone(new ObjectRef(null, null, null, uid)));
                gone++;
            }
        }
        if (gone > 0) {
            log.info("{} objects were {}: tombstoned", gone, why);
        }
    }
}
