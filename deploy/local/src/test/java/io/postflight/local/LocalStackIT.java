package io.postflight.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Topics;
import io.postflight.runtime.TopicProvisioning;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as {@code postflight} starts it, on a broker of its own that holds no topic:
 * the first service to start creates the catalogue before its streams start, the others find it,
 * and every service's Kafka Streams application runs (a stream whose source topic is missing fails).
 */
class LocalStackIT {

    @Test
    void onAFreshBrokerTheFirstServiceCreatesTheCatalogueAndEveryServiceRunsItsStreams() throws Exception {
        try (LocalStack stack = LocalStack.start(new String[0], Map.of("postflight.http-port", -1))) {
            Map<String, ApplicationContext> services = stack.contexts();
            assertThat(services).containsKeys("decision", "health", "baseline", "drift", "gateway");
            List<String> first = services.values().iterator().next().getBean(TopicProvisioning.class).created();
            assertThat(first).containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(TopicSpec::name).toList());
            services.values().stream().skip(1).forEach(ctx ->
                    assertThat(ctx.getBean(TopicProvisioning.class).created()).isEmpty());

            services.forEach((name, ctx) -> await(name + "'s Kafka Streams running").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                            assertThat(ctx.getBeansOfType(KafkaStreams.class)).isNotEmpty()
                                    .extracting(KafkaStreams::state).containsOnly(KafkaStreams.State.RUNNING)));
        }
    }
}
