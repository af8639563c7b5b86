package io.postflight.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.postflight.contracts.Target;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.RecordMetrics;
import io.postflight.resilience.CallFailedException;
import io.postflight.resilience.ResilientCalls;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes liveness and readiness over HTTP with Micronaut's client. Each endpoint call is bounded
 * by a timeout, retried with exponential backoff and jitter, and guarded by a circuit breaker per
 * instance URL (so a dead target fails fast after its budget instead of tying up probes). An
 * answer such as 503 is an answer, not a failure to retry: only unreachability is retried.
 */
@Singleton
@Requires(env = HealthVerifierApplication.ENVIRONMENT)
public class HttpHealthProbe implements HealthProbe, AutoCloseable {
    private final HealthConfig config;
    private final ResilientCalls calls;
    private final RecordMetrics metrics;
    private static final Duration CLIENT_IDLE = Duration.ofMinutes(10);
    private final Map<String, ClientEntry> clients = new ConcurrentHashMap<>();

    public HttpHealthProbe(HealthConfig config, MeterRegistry registry, RecordMetrics metrics) {
        this.config = config;
        // No resilience4j meters here: breakers are per deployment and target, which would make one
        // meter series per pod per deployment; probe outcomes are counted by RecordMetrics instead.
        this.calls = new ResilientCalls(config.resilience(), null);
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<List<ProbeObservation>> probe(String deploymentId, List<Target> targets) {
        List<CompletableFuture<ProbeObservation>> each = targets.stream().map(t -> probeOne(deploymentId, t)).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<ProbeObservation> probeOne(String deploymentId, Target t) {
        long start = System.nanoTime();
        CompletableFuture<Answer> live = endpoint(deploymentId, t, config.livenessPath());
        CompletableFuture<Answer> ready = endpoint(deploymentId, t, config.readinessPath());
        return live.thenCombine(ready, (l, r) -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            boolean reachable = l.status > 0 && r.status > 0;
            boolean isLive = l.ok();
            boolean isReady = r.ok();
            String detail = "live: " + l.describe() + ", ready: " + r.describe();
            String outcome = !reachable ? "unreachable" : (isLive && isReady ? "healthy" : "unhealthy");
            metrics.probe(outcome, Duration.ofMillis(ms));
            return new ProbeObservation(t.instance(), isLive, isReady, reachable, detail, ms);
        });
    }

    /** One endpoint, within the resilience budget; never completes exceptionally. */
    private CompletableFuture<Answer> endpoint(String deploymentId, Target t, String path) {
        URI base = URI.create(t.url());
        // The client is per origin; the request carries the target's own base path (a target may
        // live under http://host:8080/app) followed by the health path.
        String origin = base.getScheme() + "://" + base.getRawAuthority();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        ClientEntry entry = clients.computeIfAbsent(origin, o -> new ClientEntry(client(o)));
        entry.lastUsedNanos = System.nanoTime();
        return calls.callAsync(breakerName(deploymentId, t), () -> status(entry.client, basePath + path))
                .thenApply(code -> new Answer(code, null))
                .exceptionally(e -> new Answer(0, describe(unwrap(e))));
    }

    private static int status(HttpClient client, String path) {
        try {
            return client.toBlocking().exchange(HttpRequest.GET(path)).code();
        } catch (HttpClientResponseException e) {
            return e.code();
        }
    }

    private HttpClient client(String base) {
        DefaultHttpClientConfiguration cfg = new DefaultHttpClientConfiguration();
        cfg.setReadTimeout(config.probeTimeout());
        cfg.setConnectTimeout(config.probeTimeout());
        cfg.setFollowRedirects(false);
        return HttpClient.create(toUrl(base), cfg);
    }

    private static java.net.URL toUrl(String base) {
        try {
            return URI.create(base).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("bad target URL " + base, e);
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String describe(Throwable e) {
        if (e instanceof CallFailedException f) {
            return f.reason().name().toLowerCase().replace('_', ' ') + " after " + f.attempts() + " attempt(s)"
                    + (f.getCause() == null ? "" : ": " + f.getCause().getClass().getSimpleName());
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void release(String deploymentId, List<Target> targets) {
        targets.forEach(t -> calls.forget(breakerName(deploymentId, t)));
        // Clients are per origin and may be shared with other deployments' targets: close only
        // those nobody has used for a while, so one deployment ending never cuts off another's probe.
        long idleSince = System.nanoTime() - CLIENT_IDLE.toNanos();
        clients.entrySet().removeIf(e -> {
            boolean idle = e.getValue().lastUsedNanos < idleSince;
            if (idle) {
                e.getValue().client.close();
            }
            return idle;
        });
    }

    private static String breakerName(String deploymentId, Target t) {
        return deploymentId + " " + t.url();
    }

    @PreDestroy
    @Override
    public void close() {
        calls.close();
        clients.values().forEach(e -> e.client.close());
    }

    /** An HTTP client for one origin and when it was last used. */
    private static final class ClientEntry {
        final HttpClient client;
        volatile long lastUsedNanos = System.nanoTime();

        ClientEntry(HttpClient client) {
            this.client = client;
        }
    }

    private record Answer(int status, String error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String describe() {
            return status > 0 ? "HTTP " + status : error;
        }
    }
}
