package io.postflight.gateway.http;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import io.postflight.contracts.Topics;
import io.postflight.gateway.GatewayApplication;
import io.postflight.kafka.AcknowledgedWriter;
import io.postflight.kafka.TopicFollower;
import io.postflight.runtime.PostflightKafkaConfig;
import jakarta.inject.Named;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the override endpoint when {@code postflight.gateway.overrides.enabled} is true, after
 * {@link OverridesGuard} has checked that operators can authenticate to it (no bearer-token
 * validation or micronaut-security off: the gateway does not start). An endpoint that changes
 * decisions is never open by a missing setting.
 */
@Factory
@Requires(env = GatewayApplication.ENVIRONMENT)
@Requires(property = OverridesConfig.PREFIX + ".enabled", value = "true")
public class OverridesFactory {
    /** Audit records remembered for retried requests. */
    static final int AUDITS_REMEMBERED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(OverridesFactory.class);

    /** At start-up (@Context), so that the audit topic is followed before the first override is written. */
    @Context
    @Bean(preDestroy = "close")
    OverrideSubmitter overrideSubmitter(OverridesConfig config, PostflightKafkaConfig kafkaConfig,
                                        KafkaDefaultConfiguration kafka, OverridesGuard guard,
                                        @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        Properties client = new Properties();
        client.putAll(kafka.getConfig());
        client.put("bootstrap.servers", kafkaConfig.bootstrapServers());
        AuditWaiters waiters = new AuditWaiters(AUDITS_REMEMBERED);
        TopicFollower audit = new TopicFollower(client, "postflight-gateway-audit-follower", Topics.AUDIT,
                waiters::accept).start();
        LOG.info("override endpoint on at POST {}: bearer tokens with a role of {}", OverridesConfig.PATH,
                config.operatorRoles());
        return new OverrideSubmitter(new AcknowledgedWriter(client, "postflight-gateway-overrides",
                config.sendTimeout()), waiters, audit, config.auditWait(), blocking);
    }
}
