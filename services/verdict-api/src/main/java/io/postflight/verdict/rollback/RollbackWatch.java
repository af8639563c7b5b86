package io.postflight.verdict.rollback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.TaskScheduler;
import io.postflight.verdict.VerdictApiApplication;
import io.postflight.verdict.VerdictApiConfig;
import io.postflight.verdict.stream.HistoryView;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code check-every}, follows the rollbacks of the last {@code watch-for} ({@link RollbackTracking})
 * and exports those overdue: {@code postflight.rollbacks.incomplete} (how many now),
 * {@code postflight.rollback.incomplete.seconds} per {@code service}, {@code environment} and
 * {@code deployment_id} (how long since the decision; the critical alert
 * {@code PostflightRollbackIncomplete} reads it), and {@code postflight.rollbacks.incomplete.detected}
 * (each rollback once, when it becomes overdue), with a warning in the log naming what is missing.
 * Every instance sees every history: alerts take the maximum over instances.
 */
@Singleton
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class RollbackWatch implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(RollbackWatch.class);
    private final HistoryView view;
    private final RollbackConfig config;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final AtomicInteger incompleteNow = new AtomicInteger();
    private final MultiGauge incompleteFor;
    private final Counter detected;
    private Set<String> known = new HashSet<>();

    public RollbackWatch(HistoryView view, RollbackConfig config, VerdictApiConfig api, MeterRegistry registry,
                         @Named("scheduled") TaskScheduler scheduler) {
        if (config.deadline().isNegative() || config.deadline().isZero() || config.checkEvery().isNegative()
                || config.checkEvery().isZero() || config.watchFor().compareTo(api.retention()) > 0
                || config.deadline().compareTo(config.watchFor()) >= 0) {
            throw new IllegalArgumentException(RollbackConfig.PREFIX + ".deadline (" + config.deadline()
                    + ") must be shorter than " + RollbackConfig.PREFIX + ".watch-for (" + config.watchFor()
                    + "), itself at most " + VerdictApiConfig.PREFIX + ".retention (" + api.retention() + "); "
                    + RollbackConfig.PREFIX + ".deadline and .check-every must be positive");
        }
        this.view = view;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = Clock.systemUTC();
        Gauge.builder("postflight.rollbacks.incomplete", incompleteNow, AtomicInteger::get)
                .description("rollbacks whose slot is not back on a promoted version deadline after the decision")
                .register(registry);
        this.incompleteFor = MultiGauge.builder("postflight.rollback.incomplete.seconds")
                .description("seconds since the ROLLBACK decision of each incomplete rollback past its deadline")
                .register(registry);
        this.detected = Counter.builder("postflight.rollbacks.incomplete.detected")
                .description("rollbacks found incomplete past their deadline, each once")
                .register(registry);
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        scheduler.scheduleWithFixedDelay(Duration.ZERO, config.checkEvery(), this::check);
    }

    void check() {
        Instant now = clock.instant();
        List<RollbackStatus> overdue;
        try {
            overdue = view.scan(all -> RollbackTracking.of(all, now, config.deadline(), config.watchFor(),
                    config.followed()))
                    .stream().filter(RollbackStatus::overdue).toList();
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return; // loading its state, or shutting down: the next check will say
        } catch (RuntimeException e) {
            LOG.warn("rollbacks not checked: {}", e.toString());
            return;
        }
        synchronized (this) {
            Set<String> ids = new HashSet<>();
            for (RollbackStatus s : overdue) {
                ids.add(s.deploymentId());
                if (!known.contains(s.deploymentId())) {
                    detected.increment();
                    LOG.warn("{} (deployment {})", s.summary(), s.deploymentId());
                }
            }
            known = ids;
            incompleteNow.set(overdue.size());
            incompleteFor.register(overdue.stream().map(s -> MultiGauge.Row.of(Tags.of("service", s.service(),
                    "environment", s.environment(), "deployment_id", s.deploymentId(), "version", s.version()),
                    Duration.between(s.decidedAt(), now).toSeconds())).toList(), true);
        }
    }
}
