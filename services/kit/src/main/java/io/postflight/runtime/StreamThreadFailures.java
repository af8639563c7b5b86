package io.postflight.runtime;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.configuration.kafka.streams.event.BeforeKafkaStreamStart;
import io.postflight.kafka.RecordMetrics;
import io.postflight.kafka.UnwritableRecordHandler;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the service's Kafka Streams client before it starts: every stream thread that dies is
 * counted ({@code postflight.streams.thread.failures}), logged with its exception, and remembered,
 * so that {@link StreamThreadHealthIndicator} reports readiness DOWN for
 * {@code postflight.kafka.stream-thread-failure-window} after the last one. The thread is then
 * answered as {@code kafka.streams.default.uncaught-exception-handler} says (default
 * {@code REPLACE_THREAD}). It also hands the service's record metrics to
 * {@link UnwritableRecordHandler}, which Kafka Streams creates by class name.
 */
@Singleton
public class StreamThreadFailures implements ApplicationEventListener<BeforeKafkaStreamStart> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    /** When and why a stream thread last died. */
    public record Failure(Instant at, String thread, String error) {
    }

    private final RecordMetrics metrics;
    private final StreamThreadExceptionResponse response;
    private final Clock clock;
    private final AtomicReference<Failure> last = new AtomicReference<>();

    private final String applicationId;

    public StreamThreadFailures(RecordMetrics metrics,
                                @Value("${kafka.streams.default.uncaught-exception-handler:REPLACE_THREAD}")
                                String response,
                                @Value("${kafka.streams.default.application.id:}") String applicationId) {
        this(metrics, StreamThreadExceptionResponse.valueOf(response.strip().toUpperCase(Locale.ROOT)),
                applicationId, Clock.systemUTC());
    }

    StreamThreadFailures(RecordMetrics metrics, StreamThreadExceptionResponse response, String applicationId,
                         Clock clock) {
        this.metrics = metrics;
        this.response = response;
        this.applicationId = applicationId;
        this.clock = clock;
        metrics.streamThreadFailures();
    }

    @Override
    public void onApplicationEvent(BeforeKafkaStreamStart event) {
        event.getKafkaStreams().setUncaughtExceptionHandler(handler());
        UnwritableRecordHandler.register(applicationId, metrics);
    }

    /** The handler set on the client: count, log, remember, then answer as configured. */
    public StreamsUncaughtExceptionHandler handler() {
        return exception -> {
            failed(Thread.currentThread().getName(), exception);
            return response;
        };
    }

    void failed(String thread, Throwable exception) {
        metrics.streamThreadFailed();
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        last.set(new Failure(clock.instant(), thread, root.getClass().getSimpleName() + ": " + root.getMessage()));
        LOG.error("stream thread {} died; answering {}", thread, response, exception);
    }

    /** The last failure if it happened within {@code window} of now. */
    public Failure recent(Duration window) {
        Failure f = last.get();
        return f != null && f.at().isAfter(clock.instant().minus(window)) ? f : null;
    }
}
