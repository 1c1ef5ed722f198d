package io.clusterwise.ingest.leader;

/** What becoming (and ceasing to be) the active ingest of the cluster does. */
public interface Activation {

    /** This replica is now the one that publishes. */
    void activate();

    /** Another replica publishes now (or this one is stopping): stop watching, publish nothing more. */
    void deactivate();
}
