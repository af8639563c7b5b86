package io.postflight.verdict.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Delivery figures ({@code postflight.verdict-api.delivery.*}).
 *
 * @param window the window the exported gauges and a {@code GET /delivery} without {@code from}
 *     cover, ending now; at most the history's {@code retention}, or its oldest deployments would
 *     be missing from the figures
 * @param refresh how often the gauges are computed again
 */
@ConfigurationProperties(DeliveryConfig.PREFIX)
public record DeliveryConfig(@NotNull @Bindable(defaultValue = "30d") Duration window,
                             @NotNull @Bindable(defaultValue = "1m") Duration refresh) {

    public static final String PREFIX = "postflight.verdict-api.delivery";
}
