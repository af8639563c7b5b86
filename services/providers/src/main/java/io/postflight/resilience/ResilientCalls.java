package io.postflight.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds calls to remote targets (a metrics server, an instance's health endpoint) with the
 * resilience4j core modules: each attempt has a timeout, failed attempts are retried with
 * exponential backoff and jitter, and a circuit breaker per target name stops calling a target
 * that keeps failing. Nothing here blocks a thread while waiting between attempts: backoff runs
 * on a scheduler, blocking calls run on virtual threads.
 *
 * <p>Usage: {@code T value = calls.call("prometheus", () -> fetch(...))}, or
 * {@link #callAsync} / {@link #composeAsync} for a {@link CompletableFuture}. Failures surface as
 * {@link CallFailedException} with a {@link CallFailedException.Reason}. A call that throws
 * {@link PermanentCallException} is neither retried nor held against the target.
 *
 * <p>With a {@link MeterRegistry}, the {@code resilience4j.circuitbreaker.*} and
 * {@code resilience4j.retry.*} meters are published, tagged {@code name=<target>}; target names
 * should therefore be unique across instances sharing a registry.
 */
public final class ResilientCalls implements AutoCloseable {

    private final ResiliencePolicy policy;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    /** Calls bounded by {@code policy}, with meters in {@code registryOrNull} when given. */
    public ResilientCalls(ResiliencePolicy policy, MeterRegistry registryOrNull) {
        this(policy, registryOrNull, null);
    }

    /**
     * As {@link #ResilientCalls(ResiliencePolicy, MeterRegistry)}, waiting out backoffs and
     * timeouts on {@code schedulerOrNull} (which the caller then shuts down) instead of an own
     * single daemon thread.
     */
    public ResilientCalls(ResiliencePolicy policy, MeterRegistry registryOrNull,
                          ScheduledExecutorService schedulerOrNull) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.breakers = CircuitBreakerRegistry.of(breakerConfig(policy));
        this.retries = RetryRegistry.of(retryConfig(policy));
        this.ownsScheduler = schedulerOrNull == null;
        this.scheduler = schedulerOrNull != null ? schedulerOrNull
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "resilient-calls-scheduler");
                    t.setDaemon(true);
                    return t;
                });
        if (registryOrNull != null) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registryOrNull);
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registryOrNull);
        }
    }

    public ResiliencePolicy policy() {
        return policy;
    }

    /**
     * Runs the blocking {@code call} against {@code target} within the policy, waiting for the
     * result on the caller's thread. Interrupting the caller cancels the call. The call itself
     * runs on a virtual thread (so that a timeout can abandon it): thread-locals such as the
     * logging MDC are not carried over.
     */
    public <T> T call(String target, Callable<T> call) throws CallFailedException {
        CompletableFuture<T> future = callAsync(target, call);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CallFailedException(target, CallFailedException.Reason.INTERRUPTED, 0, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CallFailedException failed) {
                throw failed;
            }
            throw new CallFailedException(target, CallFailedException.Reason.FAILED, 0, e.getCause());
        }
    }

    /**
     * Runs the blocking {@code call} on a virtual thread within the policy. Returns at once; the
     * future completes with the value or, exceptionally, with a {@link CallFailedException}.
     * Cancelling the future interrupts the attempt in flight and stops further attempts.
     */
    public <T> CompletableFuture<T> callAsync(String target, Callable<T> call) {
        Objects.requireNonNull(call, "call");
        return composeAsync(target, () -> startOnWorker(call));
    }

    /**
     * As {@link #callAsync}, for a call that is itself asynchronous (e.g. {@code
     * HttpClient.sendAsync}): {@code start} is invoked once per attempt and must not block. On
     * timeout or cancellation the attempt's future is cancelled.
     */
    public <T> CompletableFuture<T> composeAsync(String target, Supplier<? extends CompletionStage<T>> start) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(start, "start");
        CircuitBreaker breaker = breakers.circuitBreaker(target);
        Retry retry = retries.retry(target);
        CallState state = new CallState();
        Supplier<CompletionStage<T>> guardedAttempt = CircuitBreaker.decorateCompletionStage(breaker,
                () -> attempt(target, start, state));
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Retry.decorateCompletionStage(retry, scheduler, guardedAttempt).get().whenComplete((value, error) -> {
            if (error == null) {
                outcome.complete(value);
            } else {
                outcome.completeExceptionally(failure(target, error, state.attempts.get()));
            }
        });
        outcome.whenComplete((value, error) -> {
            if (error instanceof CancellationException) {
                state.cancelled = true;
                CompletableFuture<?> inFlight = state.inFlight;
                if (inFlight != null) {
                    inFlight.cancel(true);
                }
            }
        });
        return outcome;
    }

    /** The state of {@code target}'s circuit breaker (CLOSED for a target never called). */
    public CircuitBreaker.State breakerState(String target) {
        return breakers.circuitBreaker(target).getState();
    }

    /**
     * Drops {@code target}'s circuit breaker and retry (and their meters), for targets that come
     * and go: a later call to the same name starts with a closed breaker.
     */
    public void forget(String target) {
        breakers.remove(target);
        retries.remove(target);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }

    /** One attempt, failing with {@link TimeoutException} after the policy's timeout. */
    private <T> CompletionStage<T> attempt(String target, Supplier<? extends CompletionStage<T>> start,
                                           CallState state) {
        if (state.cancelled) {
            return CompletableFuture.failedFuture(new CancellationException("call cancelled"));
        }
        state.attempts.incrementAndGet();
        CompletableFuture<T> source;
        try {
            source = start.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> bounded = new CompletableFuture<>();
        state.inFlight = bounded;
        source.whenComplete((value, error) -> {
            if (error == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(unwrap(error));
            }
        });
        long timeoutMillis = policy.timeout().toMillis();
        ScheduledFuture<?> timer = scheduler.schedule(() -> bounded.completeExceptionally(
                new TimeoutException(target + " did not answer within " + timeoutMillis + " ms")),
                timeoutMillis, TimeUnit.MILLISECONDS);
        bounded.whenComplete((value, error) -> {
            timer.cancel(false);
            if (!source.isDone()) {
                source.cancel(true);
            }
        });
        return bounded;
    }

    /** Starts {@code call} on a virtual thread; cancelling the result interrupts that thread. */
    private <T> CompletableFuture<T> startOnWorker(Callable<T> call) {
        InterruptibleFuture<T> result = new InterruptibleFuture<>();
        result.task = workers.submit(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private static CallFailedException failure(String target, Throwable error, int attempts) {
        Throwable cause = unwrap(error);
        CallFailedException.Reason reason;
        if (cause instanceof CallFailedException failed) {
            return failed;
        } else if (cause instanceof CallNotPermittedException) {
            reason = CallFailedException.Reason.CIRCUIT_OPEN;
        } else if (cause instanceof PermanentCallException) {
            reason = CallFailedException.Reason.PERMANENT;
        } else if (cause instanceof TimeoutException) {
            reason = CallFailedException.Reason.TIMED_OUT;
        } else if (cause instanceof CancellationException || cause instanceof InterruptedException) {
            reason = CallFailedException.Reason.INTERRUPTED;
        } else {
            reason = CallFailedException.Reason.FAILED;
        }
        return new CallFailedException(target, reason, attempts, cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static CircuitBreakerConfig breakerConfig(ResiliencePolicy p) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(p.slidingWindowSize())
                .minimumNumberOfCalls(p.minimumCalls())
                .failureRateThreshold(p.failureRateThreshold())
                .waitDurationInOpenState(p.openStateWait())
                .permittedNumberOfCallsInHalfOpenState(p.halfOpenCalls())
                // A healthy target that refuses a bad request, or a call the caller gave up on,
                // says nothing about the target's health.
                .ignoreExceptions(PermanentCallException.class, CancellationException.class)
                .build();
    }

    private static RetryConfig retryConfig(ResiliencePolicy p) {
        return RetryConfig.custom()
                .maxAttempts(p.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(p.initialBackoff(),
                        p.backoffMultiplier(), p.jitter(), p.maxBackoff()))
                .ignoreExceptions(CallNotPermittedException.class, PermanentCallException.class,
                        CancellationException.class, InterruptedException.class)
                .build();
    }

    /** Per-call bookkeeping shared by its attempts. */
    private static final class CallState {
        final AtomicInteger attempts = new AtomicInteger();
        volatile CompletableFuture<?> inFlight;
        volatile boolean cancelled;
    }

    /** A future whose cancellation interrupts the worker computing it. */
    private static final class InterruptibleFuture<T> extends CompletableFuture<T> {
        volatile Future<?> task;

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Future<?> running = task;
            if (cancelled && running != null) {
                running.cancel(true);
            }
            return cancelled;
        }
    }
}
