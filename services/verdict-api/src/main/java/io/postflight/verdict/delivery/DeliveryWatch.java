package io.postflight.verdict.delivery;

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
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code refresh}, computes the delivery figures of the last {@code window} from the histories
 * and exports them per slot: {@code postflight.delivery.*} gauges tagged {@code service} and
 * {@code environment} (counts, so that dashboards add slots up, and each slot's rates and times).
 * Every instance holds every history, so every instance exports the same figures: dashboards take
 * the maximum over instances, never the sum. Nothing is kept only here: after a restart the figures
 * come back from the history topic.
 */
@Singleton
@Requires(env = VerdictApiApplication.ENVIRONMENT)
public class DeliveryWatch implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWatch.class);
    private final HistoryView view;
    private final DeliveryConfig config;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final List<Exported> exported = new ArrayList<>();

    /** One gauge per slot of a figure. */
    private record Exported(MultiGauge gauge, ToDoubleFunction<SlotFigures> value) {
    }

    public DeliveryWatch(HistoryView view, DeliveryConfig config, VerdictApiConfig api, MeterRegistry registry,
                         @Named("scheduled") TaskScheduler scheduler) {
        this(view, config, api, registry, scheduler, Clock.systemUTC());
    }

    DeliveryWatch(HistoryView view, DeliveryConfig config, VerdictApiConfig api, MeterRegistry registry,
                  TaskScheduler scheduler, Clock clock) {
        if (config.window().isNegative() || config.window().isZero() || config.refresh().isNegative()
                || config.refresh().isZero()) {
            throw new IllegalArgumentException(DeliveryConfig.PREFIX + ".window (" + config.window() + ") and "
                    + DeliveryConfig.PREFIX + ".refresh (" + config.refresh() + ") must be positive");
        }
        if (config.window().compareTo(api.retention()) > 0) {
            throw new IllegalArgumentException(DeliveryConfig.PREFIX + ".window (" + config.window()
                    + ") is longer than " + VerdictApiConfig.PREFIX + ".retention (" + api.retention()
                    + "): the figures would miss the deployments whose history is no longer kept");
        }
        this.view = view;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
        gauge(registry, MultiGauge.builder("postflight.delivery.deployments"),
                "deployments whose verification began in the window", SlotFigures::deployments);
        gauge(registry, MultiGauge.builder("postflight.delivery.concluded"),
                "deployments of the window promoted, rolled back or held", SlotFigures::concluded);
        gauge(registry, MultiGauge.builder("postflight.delivery.promoted"),
                "deployments of the window promoted and not rolled back since", SlotFigures::promoted);
        gauge(registry, MultiGauge.builder("postflight.delivery.rolled.back"),
                "deployments of the window rolled back (by Postflight, an override or the CD system)",
                SlotFigures::rolledBack);
        gauge(registry, MultiGauge.builder("postflight.delivery.change.failures"),
                "deployments of the window rolled back after promotion or by hand",
                SlotFigures::changeFailures);
        gauge(registry, MultiGauge.builder("postflight.delivery.per.day"),
                "deployments per day over the window (deployment frequency)", SlotFigures::perDay);
        gauge(registry, MultiGauge.builder("postflight.delivery.success.ratio"),
                "promoted / concluded over the window", f -> orNaN(f.successRate()));
        gauge(registry, MultiGauge.builder("postflight.delivery.rollback.ratio"),
                "rolled back / concluded over the window", f -> orNaN(f.rollbackRate()));
        gauge(registry, MultiGauge.builder("postflight.delivery.change.failure.ratio"),
                "change failures / concluded over the window",
                f -> orNaN(f.changeFailureRate()));
        gauge(registry, MultiGauge.builder("postflight.delivery.decision.median.seconds"),
                "median time from deploy event to first decision",
                f -> orNaN(f.timeToDecision().median()));
        gauge(registry, MultiGauge.builder("postflight.delivery.restore.median.seconds"),
                "median time from a rollback to the slot's next promotion",
                f -> orNaN(f.timeToRestore().median()));
    }

    private void gauge(MeterRegistry registry, MultiGauge.Builder gauge, String description,
                       ToDoubleFunction<SlotFigures> value) {
        exported.add(new Exported(gauge.description(description).register(registry), value));
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        scheduler.scheduleWithFixedDelay(Duration.ZERO, config.refresh(), this::refresh);
    }

    /** Computes the figures again and replaces every exported row (a slot that left the window goes). */
    void refresh() {
        DeliveryReport report;
        try {
            Instant now = clock.instant();
            report = view.scan(all -> DeliveryFigures.of(all, now.minus(config.window()), now, null, null));
        } catch (InvalidStateStoreException e) {
            return; // loading its state: the next refresh will say
        } catch (RuntimeException e) {
            LOG.warn("delivery figures not computed: {}", e.toString());
            return;
        }
        for (Exported e : exported) {
            e.gauge().register(report.slots().stream().map(f -> MultiGauge.Row.of(
                    Tags.of("service", f.service(), "environment", f.environment()), f, e.value())).toList(), true);
        }
    }

    private static double orNaN(Number n) {
        return n == null ? Double.NaN : n.doubleValue();
    }
}
