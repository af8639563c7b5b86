package io.postflight.runtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness is DOWN while a stream thread of this service died within
 * {@code postflight.kafka.stream-thread-failure-window}: a replaced thread leaves the client
 * RUNNING, so Kafka Streams' own indicator stays UP while the same record may be killing thread
 * after thread. The detail names the thread and the error.
 */
@Singleton
@Readiness
@Requires(beans = StreamThreadFailures.class)
public class StreamThreadHealthIndicator implements HealthIndicator {
    static final String NAME = "streamThreads";

    private final StreamThreadFailures failures;
    private final PostflightKafkaConfig config;

    public StreamThreadHealthIndicator(StreamThreadFailures failures, PostflightKafkaConfig config) {
        this.failures = failures;
        this.config = config;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        StreamThreadFailures.Failure f = failures.recent(config.streamThreadFailureWindow());
        if (f == null) {
            return Publishers.just(HealthResult.builder(NAME, HealthStatus.UP).build());
        }
        return Publishers.just(HealthResult.builder(NAME, HealthStatus.DOWN).details(Map.of(
                "lastFailure", f.at().toString(), "thread", f.thread(), "error", f.error(),
                "window", config.streamThreadFailureWindow().toString())).build());
    }
}
