package io.postflight.verdict.slo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.VerdictApiConfig;
import io.postflight.verdict.stream.HistoryView;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a minute, counts the deployments Postflight owes a decision past {@code overdue-after}
 * ({@link OverdueDeployments}): the gauge {@code postflight.deployments.overdue} (how many now) and
 * the counter {@code postflight.deployments.overdue.detected} (each deployment once, when it
 * becomes overdue), which the completeness SLO's recording rules add to the watchdog's decisions
 * (deploy/prometheus/alerts.yml). Every instance sees every history: the rules take the maximum over
 * instances, not the sum. A restart counts the deployments still overdue once more; the rules
 * read rates, so that is one more event per such deployment, on the safe side.
 */
@Singleton
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class OverdueWatch {
    private static final Logger LOG = LoggerFactory.getLogger(OverdueWatch.class);
    private final HistoryView view;
    private final VerdictApiConfig config;
    private final Clock clock;
    private final AtomicInteger overdueNow = new AtomicInteger();
    private final Counter detected;
    private Set<String> known = new HashSet<>();

    public OverdueWatch(HistoryView view, VerdictApiConfig config, MeterRegistry registry) {
        this(view, config, registry, Clock.systemUTC());
    }

    OverdueWatch(HistoryView view, VerdictApiConfig config, MeterRegistry registry, Clock clock) {
        this.view = view;
        this.config = config;
        this.clock = clock;
        Gauge.builder("postflight.deployments.overdue", overdueNow, AtomicInteger::get)
                .description("deployments still without any decision overdue-after their verification began")
                .register(registry);
        this.detected = Counter.builder("postflight.deployments.overdue.detected")
                .description("deployments found without a decision overdue-after their verification began")
                .register(registry);
    }

    @Scheduled(fixedDelay = "1m", initialDelay = "1m")
    public void check() {
        Set<String> overdue;
        try {
            overdue = view.scan(all -> OverdueDeployments.of(all, clock.instant(), config.overdueAfter()));
        } catch (InvalidStateStoreException e) {
            return; // loading its state: nothing to say yet, the next check will
        }
        synchronized (this) {
            for (String id : overdue) {
                if (!known.contains(id)) {
                    detected.increment();
                    LOG.warn("deployment {} has had no decision for more than {} since its verification began",
                            id, config.overdueAfter());
                }
            }
            known = overdue;
            overdueNow.set(overdue.size());
        }
    }

    /** The deployments overdue at the last check. */
    public synchronized Set<String> overdue() {
        return Set.copyOf(known);
    }
}
