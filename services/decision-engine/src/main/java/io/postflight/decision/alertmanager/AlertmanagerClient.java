package io.postflight.decision.alertmanager;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.MediaType;
import io.postflight.http.JsonApiPoster;
import io.postflight.resilience.CallFailedException;
import io.postflight.resilience.PermanentCallException;
import io.postflight.resilience.ResilientCalls;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Posts alerts to Alertmanager's {@code /api/v2/alerts}, each call bounded by
 * {@link ResilientCalls}: a timeout per attempt, a few attempts with backoff, and a circuit
 * breaker that stops hammering an Alertmanager that is down.
 *
 * <p>An answer of 400 or 422 means Alertmanager is up and refuses this alert: retrying cannot
 * help, so it fails at once as {@link CallFailedException.Reason#PERMANENT}. Any other failure
 * (no connection, timeout, 5xx, but also 401/403/404 from a misconfigured URL or proxy) is
 * treated as an outage: retried, and left for a later delivery.
 *
 * <p>HTTP goes through Micronaut's client ({@link JsonApiPoster}); the blocking post runs on a
 * virtual thread of {@link ResilientCalls}, never on the caller's thread.
 */
public final class AlertmanagerClient implements AutoCloseable {
    private static final int MAX_DETAIL = 500;

    private final URI endpoint;
    private final String target;
    private final JsonApiPoster http;
    private final ResilientCalls calls;

    /** A client for {@code config}'s Alertmanager, with retry and breaker meters in {@code registryOrNull}. */
    public AlertmanagerClient(AlertmanagerConfig config, MeterRegistry registryOrNull) {
        this.endpoint = config.alertsEndpoint();
        this.target = "alertmanager@" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
        // Each attempt is bounded by ResilientCalls at config.timeout(); the client only backs it up.
        this.http = JsonApiPoster.boundedBy(endpoint, config.timeout());
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
        String json = new String(body, StandardCharsets.UTF_8);
        calls.call(target, () -> {
            JsonApiPoster.Answer answer = http.post(endpoint, MediaType.APPLICATION_JSON_TYPE, json, Map.of());
            int status = answer.status();
            if (status >= 200 && status < 300) {
                return null;
            }
            String detail = "HTTP " + status + " from " + endpoint + ": " + excerpt(answer.text());
            if (status == 400 || status == 422) {
                throw new PermanentCallException("Alertmanager rejected the alert: " + detail);
            }
            throw new IOException(detail);
        });
    }

    private static String excerpt(String body) {
        String text = body.strip();
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }

    @Override
    public void close() {
        calls.close();
        http.close();
    }
}
