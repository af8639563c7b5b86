package io.postflight.kafka;

import io.postflight.contracts.TopicSpec;
import io.postflight.contracts.Versioned;
import io.postflight.tracing.Tracing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a processor reads, by topic: each record is counted, decoded as its topic's contract
 * (schema checked) and handed to that topic's handler, or rejected through {@link DeadLetters}
 * with the reason. Processors declare their inputs once instead of repeating the
 * decode-or-dead-letter block.
 *
 * <p>A handler that throws on one record fails that record only: it is dead-lettered as
 * {@link #HANDLER_FAILED} with the exception as the detail, and the stream thread goes on with the
 * next record. A handler that wants a verification to end INCONCLUSIVE instead catches its own
 * exceptions; this is the floor under every service, so that no record can kill a stream thread.
 *
 * <pre>{@code
 * inputs = ContractInputs.of("decision-engine", metrics)
 *         .on(Topics.VERIFICATIONS, VerificationStarted.class, VerificationStarted.SCHEMA, this::onStarted)
 *         .on(Topics.PHASE_RESULTS, PhaseResult.class, PhaseResult.SCHEMA, this::onResult);
 * }</pre>
 */
public final class ContractInputs {
    /** Dead-letter reason for a record whose handler threw. */
    public static final String HANDLER_FAILED = "HANDLER_FAILED";
    private static final Logger LOG = LoggerFactory.getLogger(ContractInputs.class);
    private final String consumer;
    private final RecordMetrics metrics;
    private final Map<String, Route<?>> routes = new LinkedHashMap<>();

    private ContractInputs(String consumer, RecordMetrics metrics) {
        this.consumer = consumer;
        this.metrics = metrics;
    }

    /** @param consumer the reading service, as dead letters and metrics name it */
    public static ContractInputs of(String consumer, RecordMetrics metrics) {
        return new ContractInputs(consumer, metrics);
    }

    /** Records of {@code topic} are {@code type} at {@code schema}, handled by {@code handler}. */
    public <T extends Versioned> ContractInputs on(TopicSpec topic, Class<T> type, String schema,
                                                   Consumer<T> handler) {
        routes.put(topic.name(), new Route<>(type, schema, handler));
        return this;
    }

    /** Counts, decodes and dispatches {@code record}, or dead-letters it with the reason. */
    public void process(ProcessorContext<String, Outgoing> context, Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic)
                // Without metadata (a punctuator's forward) a single-input processor still knows its topic.
                .orElse(routes.size() == 1 ? routes.keySet().iterator().next() : "?");
        metrics.consumed(consumer, topic);
        Route<?> route = routes.get(topic);
        if (route == null) {
            DeadLetters.reject(context, record, consumer, "UNKNOWN_TYPE", "no contract is read from topic " + topic,
                    metrics);
            return;
        }
        // The record's trace context is current while it is handled: what the handler forwards carries it on.
        try (var ignored = Tracing.resume(record.headers())) {
            route.handle(record.value());
        } catch (ContractDecoder.DecodeException e) {
            DeadLetters.reject(context, record, consumer, e.reason(), e.getMessage(), metrics);
        } catch (RuntimeException e) {
            LOG.error("{} failed on a record from {}; dead-lettering it as {}", consumer, topic, HANDLER_FAILED, e);
            DeadLetters.reject(context, record, consumer, HANDLER_FAILED, describe(e), metrics);
        }
    }

    /** The exception and its causes, one line each, for the dead letter's detail. */
    static String describe(Throwable e) {
        StringBuilder detail = new StringBuilder();
        for (Throwable t = e; t != null && detail.length() < DeadLetters.MAX_DETAIL; t = t.getCause()) {
            if (!detail.isEmpty()) {
                detail.append("; caused by ");
            }
            detail.append(t.getClass().getName()).append(": ").append(t.getMessage());
            StackTraceElement[] at = t.getStackTrace();
            if (at.length > 0) {
                detail.append(" (at ").append(at[0]).append(')');
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return detail.toString();
    }

    private record Route<T extends Versioned>(Class<T> type, String schema, Consumer<T> handler) {
        void handle(byte[] bytes) throws ContractDecoder.DecodeException {
            handler.accept(ContractDecoder.decode(bytes, type, schema));
        }
    }
}
