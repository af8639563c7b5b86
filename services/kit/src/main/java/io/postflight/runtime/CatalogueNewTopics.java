package io.postflight.runtime;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topic catalogue ({@link Topics}) as {@link NewTopic} beans, which micronaut-kafka's
 * {@code KafkaNewTopics} asks the broker to create at start-up, with their partitions, their
 * configuration, {@code postflight.kafka.partitions} and {@code postflight.kafka.replication-factor}. Off with
 * {@code postflight.kafka.provision-topics=false}: then there are no such beans and nothing is
 * created. {@link TopicProvisioning} waits for the outcome; it also fails start-up when a catalogue
 * topic has no bean here.
 */
@Factory
@Requires(condition = ProvisionTopicsCondition.class)
public class CatalogueNewTopics {
    private final PostflightKafkaConfig config;

    /**
     * @param checked taken so that the configuration check comes first: a service whose settings
     *     are wrong must fail before it creates anything
     */
    CatalogueNewTopics(ConfigurationCheck checked, PostflightKafkaConfig config) {
        this.config = config;
    }

    /** One catalogue topic as a creation request; replication factor {@code -1} = the broker's default. */
    public static NewTopic newTopic(TopicSpec spec, short replicationFactor) {
        return newTopic(spec, spec.partitions(), replicationFactor);
    }

    private NewTopic request(TopicSpec spec) {
        return newTopic(spec, config.partitionsOf(spec), config.replicationFactor());
    }

    private static NewTopic newTopic(TopicSpec spec, int partitions, short replicationFactor) {
        return new NewTopic(spec.name(), Optional.of(partitions),
                replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
                .configs(Map.copyOf(spec.config()));
    }

    /** Bounds the creation call by the provisioning timeout, as {@link TopicProvisioning} does its wait. */
    @Singleton
    CreateTopicsOptions createTopicsOptions() {
        return new CreateTopicsOptions().timeoutMs((int) config.provisionTimeout().toMillis());
    }

    @Singleton
    NewTopic deployEvents() {
        return request(Topics.DEPLOY_EVENTS);
    }

    @Singleton
    NewTopic verifications() {
        return request(Topics.VERIFICATIONS);
    }

    @Singleton
    NewTopic targets() {
        return request(Topics.TARGETS);
    }

    @Singleton
    NewTopic phaseResults() {
        return request(Topics.PHASE_RESULTS);
    }

    @Singleton
    NewTopic decisions() {
        return request(Topics.DECISIONS);
    }

    @Singleton
    NewTopic verdicts() {
        return request(Topics.VERDICTS);
    }

    @Singleton
    NewTopic alerts() {
        return request(Topics.ALERTS);
    }

    @Singleton
    NewTopic overrides() {
        return request(Topics.OVERRIDES);
    }

    @Singleton
    NewTopic audit() {
        return request(Topics.AUDIT);
    }

    @Singleton
    NewTopic deadLetter() {
        return request(Topics.DEAD_LETTER);
    }
}
