package io.clusterwise.ingest.normalize;

import io.clusterwise.contracts.ClusterEvent;
import io.clusterwise.contracts.ContainerLog;
import io.clusterwise.contracts.ObjectRef;
import io.clusterwise.contracts.ObjectSnapshot;
import io.clusterwise.contracts.Topic;

/** One record the ingest publishes: normalized, redacted, de-duplicated (or, for logs, read once), ready to send. */
public sealed interface Outgoing {

    Topic topic();

    /** The record key: the object's (or the involved object's) UID, else its path. */
    String key();

    /** A fact on {@code cluster.events}, keyed by the involved object. */
    record Fact(ClusterEvent event) implements Outgoing {
        @Override
        public Topic topic() {
            return Topic.CLUSTER_EVENTS;
        }

        @Override
        public String key() {
            return keyOf(event.involvedObject());
        }
    }

    /** An object's current state on {@code cluster.state}. */
    record Snapshot(ObjectSnapshot snapshot) implements Outgoing {
        @Override
        public Topic topic() {
            return Topic.CLUSTER_STATE;
        }

        @Override
        public String key() {
            return keyOf(snapshot.object());
        }
    }

    /** A deleted object: a null value on {@code cluster.state}. */
    record Tombstone(ObjectRef object) implements Outgoing {
        @Override
        public Topic topic() {
            return Topic.CLUSTER_STATE;
        }

        @Override
        public String key() {
            return keyOf(object);
        }
    }

    /** The last lines of a container run that ended in error, on {@code cluster.logs}, keyed by its pod. */
    record Log(ContainerLog log) implements Outgoing {
        @Override
        public Topic topic() {
            return Topic.CLUSTER_LOGS;
        }

        @Override
        public String key() {
            return keyOf(log.pod());
        }
    }

    static String keyOf(ObjectRef object) {
        return object.uid() != null && !object.uid().isEmpty() ? object.uid() : object.path();
    }
}
