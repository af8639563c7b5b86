package io.postflight.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.postflight.contracts.DeploymentRef;
import org.apache.kafka.common.header.Headers;

/**
 * Short spans in a verification's trace, and the trace context made current while a record of that
 * verification is handled, so that {@code Outgoing} records carry it on and log lines show its id.
 * One per service (its own {@code service.name}); {@link #off()} when tracing is disabled: a no-op
 * OpenTelemetry, whose spans record nothing but still pass an incoming context on.
 */
public final class Tracing implements AutoCloseable {
    public static final AttributeKey<String> DEPLOYMENT_ID = AttributeKey.stringKey("postflight.deployment.id");
    public static final AttributeKey<String> SLOT = AttributeKey.stringKey("postflight.slot");
    public static final AttributeKey<String> PHASE = AttributeKey.stringKey("postflight.phase");
    /** Instrumentation scope of every Postflight span. */
    static final String SCOPE = "io.postflight";
    private static final Tracing OFF = new Tracing(OpenTelemetry.noop(), () -> { });

    private final Tracer tracer;
    private final Runnable onClose;

    /** @param onClose flushes and stops the exporter, when the service stops */
    public Tracing(OpenTelemetry openTelemetry, Runnable onClose) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.onClose = onClose;
    }

    /** Tracing disabled: nothing recorded, an incoming context passed on unchanged. */
    public static Tracing off() {
        return OFF;
    }

    /** Makes the context {@code headers} carry current (see {@link TraceHeaders#extract}); no span. */
    public static TraceScope resume(Headers headers) {
        return resume(TraceHeaders.extract(headers));
    }

    /** Makes a stored {@code traceparent} current (none: the root context); no span. */
    public static TraceScope resume(String traceparent) {
        return resume(TraceHeaders.fromTraceparent(traceparent, null));
    }

    /**
     * Keeps the current context when it holds a span (the record being handled came with one), else
     * makes the stored {@code traceparent} current: for work that may run from a punctuator.
     */
    public static TraceScope resumeUnlessTraced(String traceparent) {
        Context current = Context.current();
        return resume(TraceHeaders.valid(current) ? current : TraceHeaders.fromTraceparent(traceparent, null));
    }

    /** Makes {@code context} current; no span. */
    public static TraceScope resume(Context context) {
        return new TraceScope(null, context.makeCurrent(), Span.fromContext(context).getSpanContext());
    }

    /** The current context's {@code traceparent}, to keep with a verification's stored state; null if none. */
    public static String currentTraceparent() {
        return TraceHeaders.traceparent(Context.current());
    }

    /**
     * Opens span {@code name} as a child of the current context (a new trace when there is none),
     * with the deployment's id and slot and, when not null, the phase; current until closed.
     */
    public TraceScope span(String name, DeploymentRef deployment, String phase) {
        var builder = tracer.spanBuilder(name).setParent(Context.current());
        if (deployment != null) {
            builder.setAttribute(DEPLOYMENT_ID, deployment.deploymentId()).setAttribute(SLOT, deployment.slot());
        }
        if (phase != null) {
            builder.setAttribute(PHASE, phase);
        }
        Span span = builder.startSpan();
        return new TraceScope(span, span.makeCurrent(), span.getSpanContext());
    }

    @Override
    public void close() {
        onClose.run();
    }
}
