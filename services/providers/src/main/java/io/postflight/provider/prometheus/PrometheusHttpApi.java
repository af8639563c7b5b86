package io.postflight.provider.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.MediaType;
import io.postflight.contracts.Json;
import io.postflight.http.JsonApiPoster;
import io.postflight.resilience.PermanentCallException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one endpoint of the Prometheus HTTP API the provider needs: {@code POST
 * /api/v1/query_range} (a form body, so long queries do not hit URL limits). Failures a retry
 * may fix (5xx, timeouts, broken connections) are {@link IOException}s; a rejected query (400,
 * 422) is a {@link PermanentCallException}. Owns its HTTP client: {@link #close()} releases it.
 */
public final class PrometheusHttpApi implements AutoCloseable {

    private final URI queryRangeUri;
    private final JsonApiPoster http;
    private final Map<String, String> headers;

    /**
     * The API of {@code baseUrl}, with {@code headers} added to each request; each attempt is
     * bounded by the caller's policy at {@code requestTimeout}, the client's own limits beyond it.
     */
    public PrometheusHttpApi(URI baseUrl, Duration requestTimeout, Map<String, String> headers) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.queryRangeUri = URI.create(base + "/api/v1/query_range");
        this.http = JsonApiPoster.boundedBy(baseUrl, requestTimeout);
        this.headers = Map.copyOf(headers);
    }

    /** Evaluates {@code promql} at {@code start, start + step, ..., <= end} (epoch seconds). */
    public List<RangeResult> queryRange(String promql, long start, long end, long step)
            throws IOException, InterruptedException, PermanentCallException {
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + start + "&end=" + end + "&step=" + step + "s";
        JsonApiPoster.Answer answer = http.post(queryRangeUri, MediaType.APPLICATION_FORM_URLENCODED_TYPE, form,
                headers);
        int status = answer.status();
        if (status == 400 || status == 422) {
            throw new PermanentCallException("Prometheus rejected the query (HTTP " + status + "): "
                    + errorOf(answer.text()) + " -- query: " + promql);
        }
        if (status != 200) {
            throw new IOException("Prometheus answered HTTP " + status + ": " + errorOf(answer.text()));
        }
        return parse(answer.text());
    }

    @Override
    public void close() {
        http.close();
    }

    /** Parses a {@code query_range} answer of result type {@code matrix}. */
    static List<RangeResult> parse(String body) throws IOException {
        JsonNode root = Json.MAPPER.readTree(body);
        if (!"success".equals(root.path("status").asText())) {
            throw new IOException("Prometheus answered status '" + root.path("status").asText() + "': "
                    + root.path("error").asText());
        }
        JsonNode data = root.path("data");
        if (!"matrix".equals(data.path("resultType").asText())) {
            throw new IOException("expected a matrix, got '" + data.path("resultType").asText() + "'");
        }
        List<RangeResult> results = new ArrayList<>();
        for (JsonNode series : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            series.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            JsonNode values = series.path("values");
            double[] times = new double[values.size()];
            double[] vals = new double[values.size()];
            for (int i = 0; i < values.size(); i++) {
                times[i] = values.get(i).get(0).asDouble();
                vals[i] = parseValue(values.get(i).get(1).asText());
            }
            results.add(new RangeResult(Map.copyOf(labels), times, vals));
        }
        return results;
    }

    /** Prometheus' float spelling: decimal, {@code NaN}, {@code +Inf}, {@code -Inf}. */
    static double parseValue(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static String errorOf(String body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root.hasNonNull("error")) {
                return root.path("errorType").asText() + ": " + root.path("error").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw body
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
