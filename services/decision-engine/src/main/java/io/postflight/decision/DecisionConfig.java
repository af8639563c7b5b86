package io.postflight.decision;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Decision-engine settings ({@code postflight.decision.*}).
 *
 * @param silenceTimeout a verification still undecided this long after it began gets a HOLD
 *     (a verifier that is down must not let a deployment pass by default); longer than the health
 *     and baseline phases together
 */
@ConfigurationProperties("postflight.decision")
public record DecisionConfig(@NotNull @Bindable(defaultValue = "2h") Duration silenceTimeout) {
    public static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.ofHours(2);

    public DecisionConfig {
        if (silenceTimeout != null && silenceTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("postflight.decision.silence-timeout must be at least 1 minute (it must"
                    + " outlast the health and baseline phases), was " + silenceTimeout);
        }
    }
}
