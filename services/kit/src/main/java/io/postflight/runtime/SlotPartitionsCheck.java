package io.postflight.runtime;

import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up check that the slot-keyed topics ({@link Topics#keyedBySlot()}) have one partition
 * count. A slot's records reach partition {@code hash(slot) mod count} of each topic; with two
 * counts, a service reading verifications and phase results in one task would meet a slot's
 * verification in one task and its results in another, and judge without them. Kafka Streams does
 * not refuse this by itself (it only co-partitions joins), so every service refuses it here, before
 * any stream starts (with {@code provision-topics=false} and a broker that does not answer within
 * the provision timeout, the check is skipped with a warning: the streams then wait for the broker
 * as before): the stream factories take this bean as their last parameter, after the
 * service's own settings, so a wrong setting is reported before Kafka is asked anything. A count
 * other than the configured one is only logged: an installation keeps the count it was created
 * with until it moves by docs/upgrade.md.
 */
@Singleton
public final class SlotPartitionsCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SlotPartitionsCheck.class);

    /**
     * @param provisioned taken so that the topics exist (or were created) before they are described
     * @param admin micronaut-kafka's admin client
     */
    public SlotPartitionsCheck(TopicProvisioning provisioned, AdminClient admin, PostflightKafkaConfig config) {
        run(admin, config);
    }

    /** Describes the slot-keyed topics and applies {@link #verdict}; fails start-up on a mismatch. */
    private static void run(Admin admin, PostflightKafkaConfig config) {
        List<String> names = Topics.keyedBySlot().stream().map(TopicSpec::name).toList();
        Map<String, Integer> counts = new TreeMap<>();
        try {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                    .get(config.provisionTimeout().toMillis(), TimeUnit.MILLISECONDS);
            described.forEach((name, d) -> counts.put(name, d.partitions().size()));
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String what = "cannot describe the slot-keyed topics " + names + " on " + config.bootstrapServers()
                    + " within postflight.kafka.provision-timeout (" + config.provisionTimeout() + "): " + cause;
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("a slot-keyed topic of " + names + " does not exist on "
                        + config.bootstrapServers() + " (postflight.kafka.provision-topics is "
                        + config.provisionTopics() + "): create the catalogue's topics first", cause);
            }
            if (config.provisionTopics()) {
                throw new IllegalStateException(what, cause);
            }
            // Topics managed elsewhere and the broker not answering yet: the streams wait for it as
            // they would have; the check is skipped rather than the service held down.
            LOG.warn("{}; their partition counts are not checked", what);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the slot-keyed topics", e);
        }
        String problem = verdict(counts);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        int count = counts.values().iterator().next();
        int configured = config.partitionsOf(Topics.VERIFICATIONS);
        if (count != configured) {
            LOG.info("the slot-keyed topics have {} partitions, not the {} configured for new topics: they keep"
                    + " theirs (to change the count, see docs/upgrade.md)", count, configured);
        }
    }

    /** {@code null} when every slot-keyed topic has the same partition count, else what is wrong. */
    static String verdict(Map<String, Integer> partitionsByTopic) {
        if (partitionsByTopic.values().stream().distinct().count() <= 1) {
            return null;
        }
        return "the slot-keyed topics have different partition counts " + new TreeMap<>(partitionsByTopic)
                + ": one slot's records would reach different stream tasks. Give them one count (all"
                + " at once, with the services stopped and drained: docs/upgrade.md) before starting";
    }
}
