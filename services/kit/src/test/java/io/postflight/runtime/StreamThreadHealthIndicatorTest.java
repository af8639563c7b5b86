package io.postflight.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import io.postflight.kafka.RecordMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** A stream thread that died makes readiness DOWN for the window, and is counted. */
class StreamThreadHealthIndicatorTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
    private final StreamThreadFailures failures = new StreamThreadFailures(new RecordMetrics(registry),
            StreamThreadExceptionResponse.REPLACE_THREAD, "app", clock);
    private final StreamThreadHealthIndicator indicator = new StreamThreadHealthIndicator(failures,
            new PostflightKafkaConfig("localhost:9092", true, (short) -1, Duration.ofSeconds(30),
                    Duration.ofMinutes(15), null));

    @Test
    void upUntilAThreadDiesThenDownForTheWindowWithTheError() {
        assertThat(result().getStatus()).isEqualTo(HealthStatus.UP);
        assertThat(registry.get("postflight.streams.thread.failures").counter().count()).isZero();

        StreamThreadExceptionResponse answer = failures.handler()
                .handle(new IllegalStateException("boom", new RuntimeException("root cause")));

        assertThat(answer).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        HealthResult down = result();
        assertThat(down.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(((Map<?, ?>) down.getDetails()).get("error")).isEqualTo("RuntimeException: root cause");
        assertThat(registry.get("postflight.streams.thread.failures").counter().count()).isEqualTo(1.0);

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(result().getStatus()).isEqualTo(HealthStatus.UP);
    }

    private HealthResult result() {
        AtomicReference<HealthResult> result = new AtomicReference<>();
        indicator.getResult().subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(HealthResult r) {
                result.set(r);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onComplete() {
            }
        });
        return result.get();
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
