package io.postflight.testing;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A small OTLP/HTTP trace receiver on 127.0.0.1, as an OpenTelemetry Collector listens on 4318:
 * {@code POST /v1/traces} with an {@code ExportTraceServiceRequest} in protobuf. Keeps every span
 * it was sent, flattened, so that a test can check what one verification's trace looks like.
 */
public final class OtlpReceiver implements AutoCloseable {
    public static final String PATH = "/v1/traces";

    /**
     * One received span.
     *
     * @param service the {@code service.name} of the resource that sent it
     * @param traceId trace id, lower-case hex
     * @param spanId span id, lower-case hex
     * @param parentSpanId the parent's span id, or empty for a root span
     * @param attributes the span's attributes, as strings
     */
    public record ReceivedSpan(String service, String name, String traceId, String spanId, String parentSpanId,
                               Map<String, String> attributes) {
        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    public OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PATH, exchange -> {
            int status = 200;
            try (InputStream body = exchange.getRequestBody()) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    status = 405;
                } else {
                    collect(ExportTraceServiceRequest.parseFrom(body.readAllBytes()));
                }
            } catch (IOException | RuntimeException e) {
                refused.add(String.valueOf(e));
                status = 400;
            }
            // An empty ExportTraceServiceResponse: a full success.
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL to give {@code postflight.tracing.otlp.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Every span received so far, in arrival order. */
    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans received so far that {@code which} accepts. */
    public List<ReceivedSpan> spans(Predicate<ReceivedSpan> which) {
        return spans.stream().filter(which).toList();
    }

    /** Requests that could not be read, with why (a test expects none). */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void collect(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = strings(rs.getResource().getAttributesList()).getOrDefault("service.name", "");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (var span : ss.getSpansList()) {
                    spans.add(new ReceivedSpan(service, span.getName(), hex.formatHex(span.getTraceId().toByteArray()),
                            hex.formatHex(span.getSpanId().toByteArray()),
                            hex.formatHex(span.getParentSpanId().toByteArray()), strings(span.getAttributesList())));
                }
            }
        }
    }

    private static Map<String, String> strings(List<KeyValue> attributes) {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            AnyValue v = kv.getValue();
            m.put(kv.getKey(), v.hasStringValue() ? v.getStringValue()
                    : v.hasIntValue() ? String.valueOf(v.getIntValue())
                    : v.hasBoolValue() ? String.valueOf(v.getBoolValue())
                    : v.hasDoubleValue() ? String.valueOf(v.getDoubleValue()) : v.toString());
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
