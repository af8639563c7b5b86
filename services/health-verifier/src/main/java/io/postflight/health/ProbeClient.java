package io.postflight.health;

import io.micronaut.context.annotation.Requires;
import io.postflight.provider.scrape.AddressGate;
import io.postflight.resilience.StarvationWatch;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health verifier's one HTTP client for every target (ADR 0010): one JDK {@link HttpClient}
 * whose work runs on {@link HealthConfig#probeThreads()} threads, one scheduler thread for backoffs
 * and the {@link StarvationWatch}, and a {@link ProbeQueue} capping the instances probed at once.
 * Threads and memory do not grow with the number of targets; open connections are bounded by the
 * probes in flight, because only the status line is read and the connection is then let go.
 */
@Singleton
@Requires(env = HealthVerifierApplication.ENVIRONMENT)
public class ProbeClient implements AutoCloseable {

    /** What one endpoint said, after its retries. */
    record Answer(Kind kind, int status, String failure, int attempts) {
        enum Kind { ANSWERED, TARGET_FAILED, VERIFIER_FAILED }

        boolean answered() {
            return kind == Kind.ANSWERED;
        }

        boolean verifierFailed() {
            return kind == Kind.VERIFIER_FAILED;
        }

        boolean ok() {
            return answered() && status >= 200 && status < 300;
        }

        /** Status or failure, never a body: a target's body is not evidence Postflight repeats. */
        String describe() {
            return switch (kind) {
                case ANSWERED -> "HTTP " + status;
                case TARGET_FAILED -> failure + " after " + attempts + " attempt(s)";
                case VERIFIER_FAILED -> failure;
            };
        }
    }

    /** Both endpoints of one instance, or why the instance was not called at all. */
    record Pair(Answer live, Answer ready, String refused) {
        static Pair refused(String why) {
            return new Pair(null, null, why);
        }
    }

    private final HealthConfig config;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final ProbeQueue queue;
    private final StarvationWatch watch;
    private final ExecutorService resolver = Executors.newVirtualThreadPerTaskExecutor();

    public ProbeClient(HealthConfig config) {
        this.config = config;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.probeThreads(), r -> daemon(r, "health-probe-" + n.incrementAndGet()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "health-probe-timer"));
        this.http = HttpClient.newBuilder().executor(executor).connectTimeout(config.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        this.queue = new ProbeQueue(config.maxConcurrentProbes(), config.probeQueueCapacity(), executor);
        this.watch = new StarvationWatch(scheduler, config.starvationThreshold());
    }

    /**
     * Probes both endpoints of one instance within one slot of the queue, each with up to
     * {@code attempts} attempts. First resolves {@code host} and asks {@code gate} about its
     * addresses (the target policy): a refusal skips the calls. Fails only with
     * {@link ProbeQueue.FullException}. Runs {@code started} when the probe leaves the queue and
     * begins (a queued probe has not started).
     */
    CompletableFuture<Pair> instance(String host, AddressGate gate,
                                     URI live, URI ready, int attempts, Runnable started) {
        return queue.submit(() -> {
            started.run();
            return resolve(host).thenCompose(addresses -> {
                // No address: the policy cannot be checked, and a name that does not resolve here says
                // nothing sure about the target (the verifier's DNS may be at fault). Not called, unknown;
                // calling anyway would let the client resolve the name again, past the policy.
                Optional<String> refused = gate.refuseResolution(host, addresses);
                if (refused.isPresent()) {
                    return CompletableFuture.completedFuture(Pair.refused(refused.get()));
                }
                return endpoint(live, attempts, 1).thenCombine(endpoint(ready, attempts, 1),
                        (l, r) -> new Pair(l, r, null));
            });
        });
    }

    /**
     * The addresses {@code host} resolves to now, looked up on a virtual thread (a lookup blocks);
     * empty when it does not resolve (the probe then fails as the target's failure).
     */
    private CompletableFuture<List<InetAddress>> resolve(String host) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                return List.<InetAddress>of();
            }
        }, resolver);
    }

    /** Runs {@code task} on the client's timer thread and returns once it has begun (tests starve the verifier so). */
    void onTimerThread(Runnable task) throws InterruptedException {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        scheduler.execute(() -> {
            started.countDown();
            task.run();
        });
        started.await();
    }

    /** Instances the client takes now without refusing any: free slots plus free queue places. */
    int room() {
        return queue.room();
    }

    /** Instances probed now and waiting (for tests and diagnostics). */
    List<Integer> load() {
        return List.of(queue.inFlight(), queue.waiting());
    }

    private CompletableFuture<Answer> endpoint(URI uri, int attempts, int attempt) {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.probeTimeout()).GET().build();
        CompletableFuture<Answer> one;
        try {
            one = http.sendAsync(request, STATUS_ONLY)
                    .handle((response, error) -> response != null
                            ? new Answer(Answer.Kind.ANSWERED, response.statusCode(), null, attempt)
                            : classify(error, start, attempt));
        } catch (RuntimeException e) {
            one = CompletableFuture.completedFuture(classify(e, start, attempt));
        }
        return one.thenCompose(a -> {
            if (a.kind() != Answer.Kind.TARGET_FAILED || attempt >= attempts) {
                return CompletableFuture.completedFuture(a);
            }
            CompletableFuture<Answer> retried = new CompletableFuture<>();
            scheduler.schedule(() -> endpoint(uri, attempts, attempt + 1).whenComplete((v, e) -> {
                if (e == null) {
                    retried.complete(v);
                } else {
                    retried.completeExceptionally(e);
                }
            }), backoffMillis(attempt), TimeUnit.MILLISECONDS);
            return retried;
        });
    }

    /** Whose failure it was: the target's (refused, timed out on time) or the verifier's own. */
    private Answer classify(Throwable error, long startNanos, int attempt) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpTimeoutException) {
            long late = System.nanoTime() - startNanos - config.probeTimeout().toNanos();
            if (late >= watch.thresholdNanos()) {
                watch.starvedAt(System.nanoTime());
            }
            if (watch.starvedSince(startNanos)) {
                return new Answer(Answer.Kind.VERIFIER_FAILED, 0, "timed out while the verifier was starved of CPU", attempt);
            }
            return new Answer(Answer.Kind.TARGET_FAILED, 0, "timed out", attempt);
        }
        if (e instanceof ConnectException) {
            return new Answer(Answer.Kind.TARGET_FAILED, 0, "connection refused", attempt);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Too many open files") || e instanceof java.util.concurrent.RejectedExecutionException) {
            return new Answer(Answer.Kind.VERIFIER_FAILED, 0, "verifier out of resources: " + e.getClass().getSimpleName(), attempt);
        }
        if (e instanceof IOException) {
            return new Answer(Answer.Kind.TARGET_FAILED, 0, "failed (" + e.getClass().getSimpleName() + ")", attempt);
        }
        return new Answer(Answer.Kind.VERIFIER_FAILED, 0, "probe failed in the verifier: " + e.getClass().getSimpleName(), attempt);
    }

    private long backoffMillis(int attempt) {
        double base = config.probeBackoff().toMillis() * Math.pow(2, attempt - 1);
        return Math.max(1, Math.round(base * (0.5 + ThreadLocalRandom.current().nextDouble())));
    }

    /** Why a whole instance probe could not run, for the unknown observation. */
    static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof ProbeQueue.FullException ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @PreDestroy
    @Override
    public void close() {
        watch.close();
        http.shutdownNow();
        scheduler.shutdownNow();
        executor.shutdownNow();
        resolver.shutdownNow();
    }

    /** Reads the status line and headers only: the body is refused, so nothing a target sends is kept. */
    private static final HttpResponse.BodyHandler<Void> STATUS_ONLY = info -> new HttpResponse.BodySubscriber<>() {
        @Override
        public CompletableFuture<Void> getBody() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    };
}
