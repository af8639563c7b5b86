package io.postflight.gateway.http;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
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
 * Wires the override endpoint when {@code postflight.gateway.overrides.enabled} is true, and
 * refuses to start one no operator could authenticate to (no bearer-token validation configured,
 * or micronaut-security off): an endpoint that changes decisions is never open by a missing setting.
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
                                        KafkaDefaultConfiguration kafka, Environment environment,
                                        @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        checkAuthentication(environment);
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

    static void checkAuthentication(Environment environment) {
        String signatures = HttpIntakeGuard.SIGNATURES;
        boolean tokens = !environment.getPropertyEntries(signatures + ".secret").isEmpty()
                || !environment.getPropertyEntries(signatures + ".jwks").isEmpty();
        if (!tokens) {
            throw new ConfigurationException(OverridesConfig.PREFIX + ".enabled is true but no operator could"
                    + " authenticate: set " + signatures + ".secret.<name>.secret or " + signatures + ".jwks.<name>.url");
        }
        if (!environment.getProperty("micronaut.security.enabled", Boolean.class).orElse(false)) {
            throw new ConfigurationException("micronaut.security.enabled is false: operators' bearer tokens would"
                    + " never be validated; set it to true (turning on the HTTP intake does)");
        }
    }
}
