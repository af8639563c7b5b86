package io.postflight.health;

import io.postflight.contracts.Target;
import io.postflight.contracts.TargetUrl;
import io.postflight.judge.health.HealthJudge;
import io.postflight.judge.health.ProbeObservation;
import io.postflight.kafka.RecordMetrics;
import io.postflight.targets.TargetPolicy;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes liveness and readiness of each instance through the verifier's one {@link ProbeClient}
 * (bounded threads, a verifier-wide cap on probes in flight with a queue).
 *
 * <p>Outcomes are of three kinds: an answer (any status: 503 is an answer, not a failure to retry),
 * the target's failure (connection refused, timed out while the verifier ran on time: retried with
 * backoff and jitter, then unreachable), and the verifier's own failure (queue full, timed out while
 * the verifier was starved): the observation is then unknown, which the judge never counts as
 * unhealthy.
 *
 * <p>Circuit breaker (ADR 0010): per deployment and target URL, dropped when the deployment's
 * verification ends, so it never outlives the deployment it judges. It opens after
 * {@link HealthConfig#breakerRounds()} rounds in a row in which the target did not answer, and then
 * only stops the retries (one attempt per endpoint per round) until the target answers again: it
 * saves the verifier's capacity and never becomes a verdict about the target by itself.
 */
@Singleton
@Requires(env = HealthVerifierApplication.ENVIRONMENT)
public class HttpHealthProbe implements HealthProbe, AutoCloseable {
    private final HealthConfig config;
    private final ProbeClient client;
    private final RecordMetrics metrics;
    private final TargetPolicy policy;
    /** Unreachable rounds in a row, by breaker name (deployment id + target URL). */
    private final Map<String, Integer> unreachableRounds = new ConcurrentHashMap<>();

    public HttpHealthProbe(HealthConfig config, ProbeClient client, RecordMetrics metrics, TargetPolicy policy) {
        this.config = config;
        this.policy = policy;
        this.client = client;
        this.metrics = metrics;
    }

    @Override
    public int room() {
        return client.room();
    }

    @Override
    public CompletableFuture<List<ProbeObservation>> probe(String deploymentId, List<Target> targets) {
        return probe(deploymentId, targets, () -> { });
    }

    @Override
    public CompletableFuture<List<ProbeObservation>> probe(String deploymentId, List<Target> targets,
                                                           Runnable started) {
        Runnable once = once(started);
        List<CompletableFuture<ProbeObservation>> each = targets.stream()
                .map(t -> probeOne(deploymentId, t, once)).toList();
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    /** {@code task}, run by the first caller only (the round started when its first instance did). */
    private static Runnable once(Runnable task) {
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (ran.compareAndSet(false, true)) {
                task.run();
            }
        };
    }

    private CompletableFuture<ProbeObservation> probeOne(String deploymentId, Target t, Runnable started) {
        long start = System.nanoTime();
        TargetUrl url;
        try {
            url = TargetUrl.parse(t.url());
        } catch (IllegalArgumentException e) {
            // Checked at intake and again when the verification starts; a stored one may predate a rule.
            metrics.probe("unknown", Duration.ZERO);
            return CompletableFuture.completedFuture(ProbeObservation.unknown(t.instance(),
                    "not probed: " + e.getMessage(), 0));
        }
        String breaker = breakerName(deploymentId, t);
        boolean open = unreachableRounds.getOrDefault(breaker, 0) >= config.breakerRounds();
        int attempts = open ? 1 : config.probeAttempts();
        URI live = url.resolve(config.livenessPath());
        URI ready = url.resolve(config.readinessPath());
        // The policy again, on the addresses the name resolves to now (the verification was checked
        // on names when it started); the client then resolves once more to connect (ADR 0010).
        return observe(t, breaker, start, open, client.instance(url.host(),
                policy::refuseResolved, live, ready, attempts, started));
    }

    private CompletableFuture<ProbeObservation> observe(Target t, String breaker, long start, boolean open,
                                                        CompletableFuture<ProbeClient.Pair> probed) {
        return probed.handle((pair, error) -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (error != null) {
                metrics.probe("unknown", Duration.ofMillis(ms));
                return ProbeObservation.unknown(t.instance(), "not probed: " + HealthJudge.VERIFIER_OVERLOADED
                        + " (" + ProbeClient.describe(error) + ")", ms);
            }
            if (pair.refused() != null) {
                metrics.probe("refused", Duration.ofMillis(ms));
                return ProbeObservation.unknown(t.instance(), TargetPolicy.REFUSED + ": " + pair.refused(), ms);
            }
            ProbeClient.Answer l = pair.live();
            ProbeClient.Answer r = pair.ready();
            String detail = "live: " + l.describe() + ", ready: " + r.describe() + (open ? " (breaker open: no retries)" : "");
            if (l.verifierFailed() || r.verifierFailed()) {
                metrics.probe("unknown", Duration.ofMillis(ms));
                return ProbeObservation.unknown(t.instance(), "not probed: " + HealthJudge.VERIFIER_OVERLOADED
                        + " (" + detail + ")", ms);
            }
            boolean reachable = l.answered() && r.answered();
            unreachableRounds.compute(breaker, (k, n) -> reachable ? null : (n == null ? 1 : n + 1));
            String outcome = !reachable ? "unreachable" : (l.ok() && r.ok() ? "healthy" : "unhealthy");
            metrics.probe(outcome, Duration.ofMillis(ms));
            return new ProbeObservation(t.instance(), l.ok(), r.ok(), reachable, detail, ms);
        });
    }

    @Override
    public void release(String deploymentId, List<Target> targets) {
        targets.forEach(t -> unreachableRounds.remove(breakerName(deploymentId, t)));
    }

    /** Breakers open now (for tests and diagnostics). */
    int openBreakers() {
        return (int) unreachableRounds.values().stream().filter(n -> n >= config.breakerRounds()).count();
    }

    private static String breakerName(String deploymentId, Target t) {
        return deploymentId + " " + t.url();
    }

    @PreDestroy
    @Override
    public void close() {
        unreachableRounds.clear();
    }
}
