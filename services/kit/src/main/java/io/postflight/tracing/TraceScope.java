package io.postflight.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * A trace context made current on this thread, and the span this opened, if any: closing it ends
 * the span and puts back the context and the MDC's {@code trace_id}/{@code span_id} as they were.
 * Close in reverse order of opening (try-with-resources does).
 */
public final class TraceScope implements AutoCloseable {
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    private final Span span;
    private final Scope scope;
    private final String previousTraceId;
    private final String previousSpanId;

    TraceScope(Span span, Scope scope, SpanContext shown) {
        this.span = span;
        this.scope = scope;
        this.previousTraceId = MDC.get(TRACE_ID);
        this.previousSpanId = MDC.get(SPAN_ID);
        if (shown.isValid()) {
            MDC.put(TRACE_ID, shown.getTraceId());
            MDC.put(SPAN_ID, shown.getSpanId());
        }
    }

    /** Marks the span failed, with the reason on-call reads in the trace view. */
    public void failed(String reason) {
        if (span != null) {
            span.setStatus(StatusCode.ERROR, reason);
        }
    }

    /** Adds an attribute to the span (nothing when no span was opened). */
    public void attribute(String key, String value) {
        if (span != null && value != null) {
            span.setAttribute(key, value);
        }
    }

    @Override
    public void close() {
        scope.close();
        if (span != null) {
            span.end();
        }
        restore(TRACE_ID, previousTraceId);
        restore(SPAN_ID, previousSpanId);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
