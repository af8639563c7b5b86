package io.postflight.gateway.http;

import io.micronaut.configuration.kafka.streams.event.BeforeKafkaStreamStart;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.postflight.contracts.DeploymentRef;
import io.postflight.gateway.AcceptedDeployment;
import io.postflight.gateway.DeploymentDedupeProcessor;
import io.postflight.gateway.GatewayApplication;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The slot of a deployment id, from what the gateway's own intake remembers
 * ({@code intake-seen-deployments}, an interactive query of this instance's Kafka Streams
 * store). An override must be keyed by slot to meet its deployment's state, and an operator names
 * only the deployment. {@code null} when this instance does not hold it (another instance's
 * partition, forgotten, an entry without a description, or the store not ready).
 */
@Singleton
@Requires(env = GatewayApplication.ENVIRONMENT)
@Requires(property = OverridesConfig.PREFIX + ".enabled", value = "true")
public class DeploymentSlots implements ApplicationEventListener<BeforeKafkaStreamStart> {
    private volatile KafkaStreams streams;

    @Override
    public void onApplicationEvent(BeforeKafkaStreamStart event) {
        this.streams = event.getKafkaStreams();
    }

    /** The slot of {@code deploymentId}, or {@code null} when this instance cannot tell. */
    String slotOf(String deploymentId) {
        KafkaStreams s = streams;
        if (s == null || s.state() != KafkaStreams.State.RUNNING) {
            return null;
        }
        try {
            ReadOnlyKeyValueStore<String, AcceptedDeployment> store = s.store(StoreQueryParameters.fromNameAndType(
                    DeploymentDedupeProcessor.STORE, QueryableStoreTypes.<String, AcceptedDeployment>keyValueStore()));
            AcceptedDeployment d = store.get(deploymentId);
            return d == null || d.service() == null ? null : DeploymentRef.slotOf(d.service(), d.environment());
        } catch (InvalidStateStoreException e) {
            return null; // rebalancing or migrating: the caller may name the slot itself
        }
    }
}
