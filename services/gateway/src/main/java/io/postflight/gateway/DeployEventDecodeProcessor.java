package io.postflight.gateway;

import io.opentelemetry.context.Context;
import io.postflight.contracts.DeployEvent;
import io.postflight.contracts.Topics;
import io.postflight.contracts.intake.DeployEventDecoder;
import io.postflight.contracts.intake.RejectedEventException;
import io.postflight.kafka.DeadLetters;
import io.postflight.kafka.JsonSerde;
import io.postflight.kafka.Outgoing;
import io.postflight.kafka.RecordMetrics;
import io.postflight.kafka.RecordOrigin;
import io.postflight.runtime.DeploymentMdc;
import io.postflight.tracing.TraceHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake, first step (stateless): decodes each deploy event, dead-letters what cannot be used
 * with the reason, skips events too old to verify, and re-keys the rest by deployment id, so that
 * every copy of one deployment's event meets the same deduplication store whatever key or
 * partition the CD system used.
 */
public final class DeployEventDecodeProcessor implements Processor<byte[], byte[], String, Outgoing> {
    /** Marks decoded events on their way to the deduplication step (not a real topic). */
    public static final String DECODED = "postflight.internal.decoded";
    private static final Logger LOG = LoggerFactory.getLogger(DeployEventDecodeProcessor.class);
    static final String CONSUMER = "gateway";

    private final DeployEventIntake intake;
    private final GatewayConfig config;
    private final RecordMetrics metrics;
    private ProcessorContext<String, Outgoing> context;

    public DeployEventDecodeProcessor(DeployEventDecoder decoder, GatewayConfig config, RecordMetrics metrics) {
        this(new DeployEventIntake(decoder, config), config, metrics);
    }

    public DeployEventDecodeProcessor(DeployEventIntake intake, GatewayConfig config, RecordMetrics metrics) {
        this.intake = intake;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.consumed(CONSUMER, Topics.DEPLOY_EVENTS.name());
        DeployEvent event;
        try {
            event = intake.decode(DeployEventIntake.headers(record.headers()), record.value());
        } catch (RejectedEventException e) {
            DeadLetters.reject(context, record, CONSUMER, e.reason().name(), e.getMessage(), metrics);
            return;
        }
        try (var ignored = DeploymentMdc.of(event.deployment(), null)) {
            long age = context.currentSystemTimeMs() - record.timestamp();
            if (intake.tooOldToVerify(record.timestamp(), context.currentSystemTimeMs())) {
                metrics.ignored(CONSUMER, "stale-event");
                LOG.info("not verifying deployment announced {} s ago (max-event-age {})", age / 1000,
                        config.maxEventAge());
                return;
            }
        }
        // The repartition hides where the event came from; a CONFLICT dead letter must still name it.
        Headers onward = RecordOrigin.headers(context, record.headers());
        // The CD system's trace, if it sent one, goes on to the deduplication step (ADR 0026).
        TraceHeaders.inject(announcedTrace(record), onward);
        context.forward(new Record<>(event.deployment().deploymentId(),
                new Outgoing(DECODED, JsonSerde.toBytes(event)), record.timestamp(), onward));
    }

    /**
     * The trace context the deploy event was announced in: a {@code traceparent} header (the HTTP
     * intake copies the request's), the binary mode's {@code ce_traceparent}, or the structured
     * mode's {@code traceparent} attribute. None, or malformed: the intake starts a new trace.
     */
    static Context announcedTrace(Record<byte[], byte[]> record) {
        Context fromHeaders = TraceHeaders.extract(record.headers());
        return TraceHeaders.valid(fromHeaders) ? fromHeaders : TraceHeaders.fromStructuredEvent(record.value());
    }
}
