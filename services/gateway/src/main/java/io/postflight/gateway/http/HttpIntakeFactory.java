package io.postflight.gateway.http;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.postflight.gateway.GatewayApplication;
import io.postflight.kafka.AcknowledgedWriter;
import io.postflight.runtime.PostflightKafkaConfig;
import jakarta.inject.Singleton;
import java.util.Properties;

/** Wires the HTTP intake when {@code postflight.gateway.http-intake.enabled} is true. */
@Factory
@Requires(env = GatewayApplication.ENVIRONMENT)
@Requires(property = HttpIntakeConfig.PREFIX + ".enabled", value = "true")
public class HttpIntakeFactory {

    /** An idempotent, acks=all producer with the service's own Kafka client settings (security included). */
    @Singleton
    @Bean(preDestroy = "close")
    DeployEventPublisher deployEventPublisher(HttpIntakeConfig config, PostflightKafkaConfig kafkaConfig,
                                              KafkaDefaultConfiguration kafka) {
        Properties client = new Properties();
        client.putAll(kafka.getConfig());
        client.put("bootstrap.servers", kafkaConfig.bootstrapServers());
        return new DeployEventPublisher(new AcknowledgedWriter(client, "postflight-gateway-http-intake",
                config.sendTimeout()), config.sendTimeout());
    }
}
