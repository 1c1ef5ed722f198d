package io.clusterwise.contracts;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates clusterwise's topics (and their dead-letter topics) where no operator does it, e.g. the local stack. */
public final class Topics {

    private Topics() {
    }

    public static List<NewTopic> newTopics(short replicationFactor) {
        List<NewTopic> all = new ArrayList<>();
        for (Topic t : Topic.values()) {
            all.add(new NewTopic(t.topicName(), t.partitions(), replicationFactor).configs(t.configs()));
            if (t.hasDeadLetter()) {
                // the recoverer writes to the same partition as the original, so the DLT needs as many
                all.add(new NewTopic(t.deadLetterTopicName(), t.partitions(), replicationFactor));
            }
        }
        return all;
    }

    /** Creates every missing topic; existing ones are left as they are. */
    public static void ensureCreated(Admin admin, short replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = newTopics(replicationFactor).stream()
                    .filter(t -> !existing.contains(t.name()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create clusterwise topics: " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating clusterwise topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s while creating clusterwise topics", e);
        }
    }
}
