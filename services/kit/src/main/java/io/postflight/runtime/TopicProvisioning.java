package io.postflight.runtime;

import io.micronaut.configuration.kafka.admin.KafkaNewTopics;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at start-up until the catalogue's topics exist. micronaut-kafka's {@link KafkaNewTopics}
 * sends the creation request for the {@link CatalogueNewTopics} beans but does not wait for the
 * answer, nor fail on it; a Kafka Streams application whose source topic is missing fails. So
 * this bean is created at context start ({@code @Context}) and waits; the stream factories take
 * {@link SlotPartitionsCheck}, which takes this bean, so no stream starts before the topics exist
 * and the slot-keyed ones agree on their partition count; the topics it created it then describes
 * until every partition has a leader ({@link TopicLeaders}). A topic that existed already is fine
 * (another service or an earlier start created it); any other error, or no answer within
 * {@code postflight.kafka.provision-timeout}, fails start-up. See docs/adr/0006-topic-creation.md.
 */
@Context
public class TopicProvisioning {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioning.class);
    private final List<String> created;

    /**
     * @param checked taken so that the configuration check comes first
     * @param newTopics the creation request; absent when {@code provision-topics} is off
     * @param admin micronaut-kafka's admin client, to wait until the created topics have leaders
     */
    public TopicProvisioning(ConfigurationCheck checked, PostflightKafkaConfig config,
                             @Nullable KafkaNewTopics newTopics, @Nullable AdminClient admin) {
        if (!config.provisionTopics()) {
            LOG.info("topic provisioning disabled: expecting the catalogue's topics to exist");
            created = List.of();
        } else if (newTopics == null) {
            throw new IllegalStateException("topic provisioning is on but micronaut-kafka created no KafkaNewTopics"
                    + " (is there an AdminClient bean?)");
        } else {
            long deadline = System.nanoTime() + config.provisionTimeout().toNanos();
            created = awaitCreation(newTopics.getResult(), config.provisionTimeout(), config.bootstrapServers());
            if (admin != null) {
                awaitLeaders(admin, created, deadline, config);
            }
        }
    }

    /** Topics this instance created (empty when they existed already). */
    public List<String> created() {
        return created;
    }

    private static List<String> awaitCreation(CreateTopicsResult result, Duration timeout, String bootstrapServers) {
        List<String> withoutBean = Topics.all().stream().map(TopicSpec::name)
                .filter(name -> !result.values().containsKey(name)).toList();
        if (!withoutBean.isEmpty()) {
            throw new IllegalStateException("catalogue topics without a NewTopic bean in CatalogueNewTopics: "
                    + withoutBean);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> topic : new TreeMap<>(result.values()).entrySet()) {
            try {
                topic.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                created.add(topic.getKey());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw timedOut(timeout, bootstrapServers, e.getCause());
                }
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.getKey() + " on " + bootstrapServers
                            + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw timedOut(timeout, bootstrapServers, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the catalogue's topics", e);
            }
        }
        if (!created.isEmpty()) {
            LOG.info("created topics {}", created);
        }
        return List.copyOf(created);
    }

    /** Created is not yet visible: see {@link TopicLeaders} for why a global store needs this. */
    private static void awaitLeaders(AdminClient admin, List<String> created, long deadline,
                                     PostflightKafkaConfig config) {
        try {
            TopicLeaders.await(TopicLeaders.of(admin), created, deadline);
        } catch (TimeoutException e) {
            throw timedOut(config.provisionTimeout(), config.bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the created topics' leaders", e);
        }
    }

    private static IllegalStateException timedOut(Duration timeout, String bootstrapServers, Throwable cause) {
        return new IllegalStateException("the catalogue's topics were not created on " + bootstrapServers
                + " within postflight.kafka.provision-timeout (" + timeout + "): is Kafka reachable?", cause);
    }
}
