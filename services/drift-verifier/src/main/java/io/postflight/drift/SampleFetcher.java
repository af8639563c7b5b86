package io.postflight.drift;

import io.postflight.metrics.MetricQuery;
import io.postflight.metrics.ResourceMetricsProvider;
import io.postflight.metrics.ResourceSeries;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the (blocking) resource queries of a {@link ResourceMetricsProvider} off the stream
 * thread, on a bounded pool: at most {@code concurrency} queries at once and a bounded queue
 * behind them. A query the pool cannot take fails at once with a
 * {@link RejectedExecutionException} and is simply asked again at a later tick.
 */
public final class SampleFetcher implements AutoCloseable {
    private final ResourceMetricsProvider provider;
    private final Executor executor;
    private final AutoCloseable owned;

    public SampleFetcher(ResourceMetricsProvider provider, Executor executor) {
        this(provider, executor, null);
    }

    private SampleFetcher(ResourceMetricsProvider provider, Executor executor, AutoCloseable owned) {
        this.provider = provider;
        this.executor = executor;
        this.owned = owned;
    }

    /**
     * A fetcher on its own pool of {@code concurrency} daemon threads with a queue of {@code queue};
     * {@code owned} (the provider's resources, may be null) is closed with it.
     */
    public static SampleFetcher bounded(ResourceMetricsProvider provider, int concurrency, int queue,
                                        AutoCloseable owned) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "drift-fetch-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return new SampleFetcher(provider, pool, owned);
    }

    /** The provider's short name, for evidence and logs. */
    public String providerName() {
        return provider.name();
    }

    /** Starts the query; the future fails with the provider's exception (or a rejection). */
    public CompletableFuture<ResourceSeries> fetch(MetricQuery query) {
        CompletableFuture<ResourceSeries> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(provider.resources(query));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public void close() {
        if (executor instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the metrics provider", e);
            }
        }
    }
}
