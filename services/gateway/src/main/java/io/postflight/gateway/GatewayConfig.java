package io.postflight.gateway;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.contracts.Phase;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

/**
 * Intake settings ({@code postflight.gateway.*}).
 *
 * @param maxEventBytes larger deploy events are dead-lettered as OVERSIZED
 * @param phases phases run for a deployed or upgraded version, in order, unless its policy
 *     ({@code postflight.policies}) names others
 * @param rollbackPhases phases run when the CD system announces it rolled back (the restored
 *     version is known-good; by default only its health is checked)
 * @param dedupeRetention how long a deployment id is remembered to drop re-deliveries
 * @param maxEventAge deploy events older than this (by record time) are not verified: their health
 *     phase is long over. Matters when a gateway starts on a topic with history.
 */
@ConfigurationProperties("postflight.gateway")
public record GatewayConfig(
        @Min(1024) @Max(16 * 1024 * 1024) @Bindable(defaultValue = "262144") int maxEventBytes,
        @NotEmpty @Bindable(defaultValue = "HEALTH,BASELINE,DRIFT") List<Phase> phases,
        @NotEmpty @Bindable(defaultValue = "HEALTH") List<Phase> rollbackPhases,
        @NotNull @Bindable(defaultValue = "7d") Duration dedupeRetention,
        @NotNull @Bindable(defaultValue = "1h") Duration maxEventAge) {

    public static final int DEFAULT_MAX_EVENT_BYTES = 256 * 1024;
}
