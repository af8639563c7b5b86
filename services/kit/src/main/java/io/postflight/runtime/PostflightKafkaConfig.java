package io.postflight.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Kafka settings every Postflight service shares ({@code postflight.kafka.*}). The broker list is
 * required and has no silent default: a service that cannot say where Kafka is must not start.
 *
 * @param bootstrapServers broker list, e.g. {@code kafka-0:9092,kafka-1:9092}
 * @param provisionTopics create missing catalogue topics at start-up
 * @param replicationFactor replication factor for topics created here ({@code -1} = broker default)
 * @param provisionTimeout how long start-up waits for the broker
 * @param streamThreadFailureWindow readiness is DOWN this long after a stream thread died
 * @param partitions partitions of the topics created here, all but the dead letter; unset: the
 *     catalogue's ({@link Topics#DEFAULT_PARTITIONS}). Topics that exist keep theirs.
 */
@ConfigurationProperties("postflight.kafka")
public record PostflightKafkaConfig(
        // Nullable so that a missing value reaches validation and its message, not a bare "property doesn't exist".
        @Nullable
        @NotBlank(message = "postflight.kafka.bootstrap-servers (env POSTFLIGHT_KAFKA_BOOTSTRAP_SERVERS) is required")
        String bootstrapServers,
        @Bindable(defaultValue = "true") boolean provisionTopics,
        @Bindable(defaultValue = "-1") short replicationFactor,
        @NotNull @Bindable(defaultValue = "30s") Duration provisionTimeout,
        @NotNull @Bindable(defaultValue = "15m") Duration streamThreadFailureWindow,
        @Nullable @Min(value = 1, message = "postflight.kafka.partitions must be at least 1") Integer partitions) {

    public static final boolean DEFAULT_PROVISION_TOPICS = true;
    public static final Duration DEFAULT_PROVISION_TIMEOUT = Duration.ofSeconds(30);

    /** Partitions {@code spec} is created with here. */
    public int partitionsOf(TopicSpec spec) {
        return partitions != null && Topics.sizedForScaleOut().contains(spec) ? partitions : spec.partitions();
    }
}
