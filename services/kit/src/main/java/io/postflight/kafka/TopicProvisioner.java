package io.postflight.kafka;

import io.postflight.contracts.TopicSpec;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's topics that do not exist yet, with their partitions and configuration.
 * Topics are created explicitly so that a typo in a topic name fails loudly instead of the broker
 * auto-creating an unused topic. Existing topics are left as they are.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** As {@link #ensure(Properties, Collection, short, Duration)} with only a broker list. */
    public static List<String> ensure(String bootstrapServers, Collection<TopicSpec> topics,
                                      short replicationFactor, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return ensure(props, topics, replicationFactor, timeout);
    }

    /**
     * @param clientProperties Kafka client settings: broker list and, where the cluster needs them,
     *     security settings (TLS, SASL), exactly as the services' other Kafka clients use them
     * @param topics topics to ensure
     * @param replicationFactor replication factor for new topics ({@code -1} = broker default)
     * @param timeout how long to wait for the broker
     * @return names of the topics created by this call
     */
    public static List<String> ensure(Properties clientProperties, Collection<TopicSpec> topics,
                                      short replicationFactor, Duration timeout) {
        Properties props = new Properties();
        // Only what an admin client understands; the rest (serdes, group ids) would only warn.
        clientProperties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(k))) {
                props.put(k, v);
            }
        });
        String bootstrapServers = props.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), java.util.Optional.of(t.partitions()),
                            replicationFactor < 0 ? java.util.Optional.empty()
                                    : java.util.Optional.of(replicationFactor))
                            .configs(Map.copyOf(t.config())))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    // Another service may have created the same topic a moment ago: that is fine.
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
                LOG.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
