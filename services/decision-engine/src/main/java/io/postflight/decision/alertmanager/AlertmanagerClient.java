package io.postflight.decision.alertmanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.postflight.resilience.CallFailedException;
import io.postflight.resilience.PermanentCallException;
import io.postflight.resilience.ResilientCalls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts alerts to Alertmanager's {@code /api/v2/alerts}, each call bounded by
 * {@link ResilientCalls}: a timeout per attempt, a few attempts with backoff, and a circuit
 * breaker that stops hammering an Alertmanager that is down.
 *
 * <p>An answer of 400 or 422 means Alertmanager is up and refuses this alert: retrying cannot
 * help, so it fails at once as {@link CallFailedException.Reason#PERMANENT}. Any other failure
 * (no connection, timeout, 5xx, but also 401/403/404 from a misconfigured URL or proxy) is
 * treated as an outage: retried, and left for a later delivery.
 */
public final class AlertmanagerClient implements AutoCloseable {
    private static final int MAX_DETAIL = 500;

    private final URI endpoint;
    private final Duration timeout;
    private final String target;
    private final HttpClient http;
    private final ResilientCalls calls;

    /** A client for {@code config}'s Alertmanager, with retry and breaker meters in {@code registryOrNull}. */
    public AlertmanagerClient(AlertmanagerConfig config, MeterRegistry registryOrNull) {
        this.endpoint = config.alertsEndpoint();
        this.timeout = config.timeout();
        this.target = "alertmanager@" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.calls = new ResilientCalls(config.policy(), registryOrNull);
    }

    /** The resilience target name (the {@code name} tag of the resilience4j meters). */
    public String target() {
        return target;
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Posts {@code body} (a JSON array of alerts) and returns once Alertmanager accepted it.
     *
     * @throws CallFailedException {@code PERMANENT} when Alertmanager rejected the alerts;
     *     otherwise Alertmanager could not be reached or failed within the retry budget
     */
    public void post(byte[] body) throws CallFailedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        calls.call(target, () -> {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return null;
            }
            String detail = "HTTP " + status + " from " + endpoint + ": " + excerpt(response.body());
            if (status == 400 || status == 422) {
                throw new PermanentCallException("Alertmanager rejected the alert: " + detail);
            }
            throw new IOException(detail);
        });
    }

    private static String excerpt(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }

    @Override
    public void close() {
        calls.close();
        http.close();
    }
}
