package io.postflight.runtime;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/**
 * Holds unless {@code postflight.kafka.provision-topics} reads as {@code false}, converted as
 * {@link PostflightKafkaConfig#provisionTopics()} is bound. A plain
 * {@code @Requires(notEquals = "false")} compares text: {@code FALSE}, which
 * {@link ConfigurationCheck} accepts, would switch off the waiting but not the creation request.
 * (A value that is no switch at all stops start-up in the configuration check either way.)
 */
public final class ProvisionTopicsCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        return context.getProperty("postflight.kafka.provision-topics", Boolean.class)
                .orElse(PostflightKafkaConfig.DEFAULT_PROVISION_TOPICS);
    }
}
