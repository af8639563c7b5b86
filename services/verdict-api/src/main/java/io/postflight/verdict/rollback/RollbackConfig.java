package io.postflight.verdict.rollback;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Rollback verification ({@code postflight.verdict-api.rollback.*}).
 *
 * @param deadline how long after a ROLLBACK decision the slot must be back on a healthy, promoted
 *     version: the CD system's rollback plus the rolled-back-to version's own verification
 *     ({@code postflight.gateway.rollback-phases}, HEALTH: up to 5 minutes)
 * @param watchFor how long after the decision a rollback is followed; one still incomplete then is
 *     no longer reported (its alert has fired for {@code watchFor - deadline})
 * @param checkEvery how often rollbacks are checked
 * @param environments the environments whose rollbacks are followed to the deadline and page when
 *     overdue; none by default. Follow an environment only where the CD system announces its
 *     rollbacks ({@code service.rolledback}) or deploys the previous version again: a canary tool
 *     that aborts to its stable version (Argo Rollouts, Flagger) tells Postflight nothing, and every
 *     rollback there would page
 */
@ConfigurationProperties(RollbackConfig.PREFIX)
public record RollbackConfig(@NotNull @Bindable(defaultValue = "20m") Duration deadline,
                             @NotNull @Bindable(defaultValue = "24h") Duration watchFor,
                             @NotNull @Bindable(defaultValue = "30s") Duration checkEvery,
                             @Nullable List<String> environments) {

    public RollbackConfig {
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    public Set<String> followed() {
        return Set.copyOf(environments);
    }


    public static final String PREFIX = "postflight.verdict-api.rollback";
}
