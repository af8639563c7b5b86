package io.postflight.runtime;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.annotation.Context;
import io.postflight.contracts.Topics;
import io.postflight.kafka.TopicProvisioner;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ensures the catalogue's topics exist before any stream starts (and after the configuration was
 * checked: {@link ConfigurationCheck} is a constructor argument so that it comes first). Stream factories take this bean
 * as a parameter so that Micronaut creates it first.
 */
@Context
public class TopicProvisioning {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioning.class);
    private final List<String> created;

    public TopicProvisioning(ConfigurationCheck checked, PostflightKafkaConfig config, KafkaDefaultConfiguration kafka) {
        if (config.provisionTopics()) {
            // The same kafka.* settings (security included) as every other client of this service.
            Properties client = new Properties();
            client.putAll(kafka.getConfig());
            client.put("bootstrap.servers", config.bootstrapServers());
            created = TopicProvisioner.ensure(client, Topics.all(), config.replicationFactor(),
                    config.provisionTimeout());
        } else {
            LOG.info("topic provisioning disabled: expecting the catalogue's topics to exist");
            created = List.of();
        }
    }

    /** Topics this instance created (empty when they existed already). */
    public List<String> created() {
        return created;
    }
}
