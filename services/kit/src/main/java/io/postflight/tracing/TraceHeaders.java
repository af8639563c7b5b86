package io.postflight.tracing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) in Kafka record headers, and in
 * the places a CloudEvent carries it (distributed-tracing extension): the {@code ce_traceparent}
 * header of the Kafka binary mode and the {@code traceparent} attribute of the structured mode.
 * Pure and forgiving: a missing or malformed context reads as none (a new trace), never as a failure
 * of the record.
 */
public final class TraceHeaders {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** The CloudEvents Kafka binary mode prefixes every attribute, the tracing extension included. */
    public static final String CLOUDEVENTS_PREFIX = "ce_";
    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final JsonFactory JSON = new JsonFactory();

    private TraceHeaders() {
    }

    /** The context in {@code traceparent}, else in {@code ce_traceparent}; the root context when neither reads. */
    public static Context extract(Headers headers) {
        if (headers == null) {
            return Context.root();
        }
        Context plain = W3C.extract(Context.root(), headers, new KafkaGetter(""));
        return valid(plain) ? plain : W3C.extract(Context.root(), headers, new KafkaGetter(CLOUDEVENTS_PREFIX));
    }

    /** The context a stored or received {@code traceparent} (and optional {@code tracestate}) names. */
    public static Context fromTraceparent(String traceparent, String tracestate) {
        if (traceparent == null) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put(TRACEPARENT, traceparent);
        if (tracestate != null) {
            carrier.put(TRACESTATE, tracestate);
        }
        return W3C.extract(Context.root(), carrier, MapGetter.INSTANCE);
    }

    /**
     * The context a structured-mode CloudEvent carries as its top-level {@code traceparent} and
     * {@code tracestate} attributes; the root context when it has none or is not a JSON object.
     * Reads only the top level (nested objects are skipped, not parsed into memory).
     */
    public static Context fromStructuredEvent(byte[] value) {
        if (value == null || value.length == 0) {
            return Context.root();
        }
        String traceparent = null;
        String tracestate = null;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Context.root();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if (token == JsonToken.VALUE_STRING && TRACEPARENT.equals(name)) {
                    traceparent = p.getText();
                } else if (token == JsonToken.VALUE_STRING && TRACESTATE.equals(name)) {
                    tracestate = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Context.root(); // not JSON: the intake's decoder says why, not tracing
        }
        return fromTraceparent(traceparent, tracestate);
    }

    /**
     * Writes {@code context} as {@code traceparent} (and {@code tracestate}) into {@code headers},
     * replacing what they carried; writes nothing for a context without a valid span.
     */
    public static void inject(Context context, Headers headers) {
        if (headers == null || !valid(context)) {
            return;
        }
        try {
            headers.remove(TRACEPARENT);
            headers.remove(TRACESTATE);
            W3C.inject(context, headers, (h, key, v) -> h.add(key, v.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalStateException readOnly) {
            // Headers already sent are read-only; the record goes without a context rather than not at all.
        }
    }

    /** {@code context}'s {@code traceparent} value, to keep with stored state; null without a valid span. */
    public static String traceparent(Context context) {
        if (!valid(context)) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** Whether {@code context} holds a span a child can join. */
    public static boolean valid(Context context) {
        return context != null && Span.fromContext(context).getSpanContext().isValid();
    }

    private record KafkaGetter(String prefix) implements TextMapGetter<Headers> {
        @Override
        public Iterable<String> keys(Headers carrier) {
            List<String> keys = new ArrayList<>();
            for (Header h : carrier) {
                if (h.key().startsWith(prefix)) {
                    keys.add(h.key().substring(prefix.length()));
                }
            }
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            Header h = carrier == null ? null : carrier.lastHeader(prefix + key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8).trim();
        }
    }

    private enum MapGetter implements TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }
}
